/**
 * Value types shared by every layer of the whitepaper: {@link org.cybervein.api.Hash}, {@link
 * org.cybervein.api.PublicKey}, {@link org.cybervein.api.Signature}, {@link
 * org.cybervein.api.NodeId}, {@link org.cybervein.api.Amount} (CVT) and immutable {@link
 * org.cybervein.api.Bytes}. Decoders of untrusted bytes throw {@link
 * org.cybervein.api.InvalidEncodingException}.
 */
package org.cybervein.api;

/**
 * The data set contract ({@code dataset} v1), the whitepaper's data market: uploaders register data
 * sets and pay the upload fee, downloaders pay the download fee (to the uploader, less the network
 * fee) and receive access grants that storage nodes check, owners set who may read, modify and
 * share, and modifications reference DAG units. Start at {@link
 * org.cybervein.ledger.contract.dataset.DataSetContract}.
 */
package org.cybervein.ledger.contract.dataset;

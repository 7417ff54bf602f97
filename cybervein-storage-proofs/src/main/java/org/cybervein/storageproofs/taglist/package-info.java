/**
 * Data possession for uploaded files, the whitepaper's upload steps: the file is split into shards
 * {@code f_1..f_n} with random {@code r_i} ({@link
 * org.cybervein.storageproofs.taglist.ShardedFile}, {@link
 * org.cybervein.storageproofs.taglist.Shard}); the uploader signs the tag list of {@code h(i) =
 * H(f_i, r_i)} with the shards' locations ({@link org.cybervein.storageproofs.taglist.TagList}); a
 * super node audits a storage node by asking for random shards and checking them against the tag
 * list ({@link org.cybervein.storageproofs.taglist.ShardAudit}).
 */
package org.cybervein.storageproofs.taglist;

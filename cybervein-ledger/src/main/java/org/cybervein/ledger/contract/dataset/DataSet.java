package org.cybervein.ledger.contract.dataset;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.Amount;
import org.cybervein.api.Hash;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractWire;

/**
 * A registered data set as the contract keeps it: who uploaded it, what its current content is,
 * what a download costs and which storage nodes hold it.
 *
 * @param id the id, {@code DataSetId.of(owner, name)}
 * @param owner the uploader's address, who receives download fees and sets permissions
 * @param name the name the uploader chose
 * @param contentHash the hash of the current content
 * @param size the current size in bytes, at least 1
 * @param downloadFee what each downloader pays
 * @param storageNodes the addresses of the storage nodes that hold the data, 1 to {@link
 *     #MAX_STORAGE_NODES}, distinct
 * @param version 0 at registration, plus one per modification
 * @param registeredBlock the index of the block that registered it
 */
public record DataSet(
    DataSetId id,
    Address owner,
    String name,
    Hash contentHash,
    long size,
    Amount downloadFee,
    List<Address> storageNodes,
    long version,
    long registeredBlock) {
  /** The most storage nodes a data set names. */
  public static final int MAX_STORAGE_NODES = 32;

  /**
   * Checks the parts and copies the list.
   *
   * @param id the id, {@code DataSetId.of(owner, name)}
   * @param owner the uploader's address, who receives download fees and sets permissions
   * @param name the name the uploader chose
   * @param contentHash the hash of the current content
   * @param size the current size in bytes, at least 1
   * @param downloadFee what each downloader pays
   * @param storageNodes the addresses of the storage nodes that hold the data, 1 to {@link
   *     #MAX_STORAGE_NODES}, distinct
   * @param version 0 at registration, plus one per modification
   * @param registeredBlock the index of the block that registered it
   */
  public DataSet {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(downloadFee, "downloadFee");
    storageNodes = List.copyOf(storageNodes);
    if (!ContractWire.isValidName(name)) {
      throw new IllegalArgumentException("bad name " + name);
    }
    if (size < 1 || version < 0 || registeredBlock < 0) {
      throw new IllegalArgumentException("size, version or block out of range");
    }
    checkStorageNodes(storageNodes);
  }

  static void checkStorageNodes(List<Address> nodes) {
    if (nodes.isEmpty() || nodes.size() > MAX_STORAGE_NODES) {
      throw new IllegalArgumentException("1 to " + MAX_STORAGE_NODES + " storage nodes");
    }
    if (new HashSet<>(nodes).size() != nodes.size()) {
      throw new IllegalArgumentException("storage nodes repeat");
    }
  }
}

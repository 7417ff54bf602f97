package org.cybervein.ledger.transaction;

import java.util.Objects;
import org.cybervein.api.Bytes;
import org.cybervein.ledger.contract.ContractId;

/**
 * Calls the native contract {@code contract} with {@code input}, which the contract decodes itself.
 *
 * @param contract the contract and version called
 * @param input the call's input, at most {@link #MAX_INPUT_SIZE} bytes
 */
public record ContractCall(ContractId contract, Bytes input) implements TransactionPayload {
  /** The largest call input: 256 KiB. */
  public static final int MAX_INPUT_SIZE = 256 * 1024;

  /**
   * Rejects null parts and an input above {@link #MAX_INPUT_SIZE}.
   *
   * @param contract the contract and version called
   * @param input the call's input, at most {@link #MAX_INPUT_SIZE} bytes
   */
  public ContractCall {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(input, "input");
    if (input.size() > MAX_INPUT_SIZE) {
      throw new IllegalArgumentException(
          "contract input is at most " + MAX_INPUT_SIZE + " bytes, got " + input.size());
    }
  }
}

package org.cybervein.lightclient;

/**
 * A header that {@link LightClient#verifyClientMessage} accepted against a client state, with the
 * consensus state it would add. Only the light client makes one, so {@link LightClient#updateState}
 * cannot be handed an unchecked header.
 */
public final class VerifiedHeader {
  private final LedgerHeader header;
  private final TrustedBlock consensusState;

  VerifiedHeader(LedgerHeader header, TrustedBlock consensusState) {
    this.header = header;
    this.consensusState = consensusState;
  }

  /**
   * The header.
   *
   * @return the verified header
   */
  public LedgerHeader header() {
    return header;
  }

  /**
   * The consensus state the header gives its height.
   *
   * @return the trusted block of the header
   */
  public TrustedBlock consensusState() {
    return consensusState;
  }

  @Override
  public String toString() {
    return "VerifiedHeader[" + header + "]";
  }
}

package org.cybervein.lightclient;

import java.util.Objects;
import org.cybervein.api.Bytes;

/**
 * The client message of an update (ICS-02's {@code Header}): an encoded block and the {@code poc}
 * entries that fix its winner's weight, each proved under the state root of the block's parent,
 * which the client already trusts.
 *
 * <ul>
 *   <li>{@code registration}: {@link LedgerStateKeys#pocRegistration} of the winner, whose value
 *       must be the id of the commitment phi carries;
 *   <li>{@code bandwidth}, {@code previousBandwidth}: {@link LedgerStateKeys#pocBandwidth} of the
 *       winner for the block's window w and for w - 1 (ignored when w = 0), whose sum must be the
 *       bandwidth phi claims.
 * </ul>
 *
 * @param block the encoded {@code cybervein.v1.Block}
 * @param registration the winner's registration entry under the parent's root
 * @param bandwidth the winner's bandwidth total of the block's window under the parent's root
 * @param previousBandwidth the same for the window before
 */
public record HeaderUpdate(
    Bytes block, ProvenEntry registration, ProvenEntry bandwidth, ProvenEntry previousBandwidth) {
  /**
   * Rejects nulls.
   *
   * @param block the encoded block
   * @param registration the registration entry
   * @param bandwidth the bandwidth entry of the block's window
   * @param previousBandwidth the bandwidth entry of the window before
   */
  public HeaderUpdate {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(bandwidth, "bandwidth");
    Objects.requireNonNull(previousBandwidth, "previousBandwidth");
  }
}

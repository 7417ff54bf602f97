package org.cybervein.lightclient;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.Hash;
import org.cybervein.consensus.pbft.CertifiedUpload;
import org.cybervein.consensus.pbft.CheckpointCertificateVerifier;
import org.cybervein.consensus.pbft.InvalidPbftMessageException;
import org.cybervein.consensus.pbft.StableCheckpoint;
import org.cybervein.consensus.pbft.UploadCertificateVerifier;
import org.cybervein.lightclient.InvalidLightClientInputException.Reason;

/**
 * The light client's functions, in the shape of IBC's client semantics (ICS-02): pure functions
 * from a {@link LightClientState} and untrusted input to a verdict or a new state. Nothing here
 * keeps state; a refused input leaves the caller with the state it had.
 *
 * <ul>
 *   <li>{@link #initialise}: a client trusting a chain's genesis;
 *   <li>{@link #verifyClientMessage}, {@link #checkForMisbehaviour}, {@link #updateState}, {@link
 *       #updateStateOnMisbehaviour}, and {@link #update} running the four in order;
 *   <li>{@link #verifyMisbehaviour} and {@link #submitMisbehaviour} for evidence of two headers at
 *       one height;
 *   <li>{@link #verifyMembership} and {@link #verifyNonMembership} against a trusted state root;
 *   <li>{@link #verifyDatabaseLog} and {@link #verifyStableCheckpoint} for PBFT certificates.
 * </ul>
 *
 * A frozen client refuses every input with {@code FROZEN}, except evidence checked with {@link
 * #verifyMisbehaviour}, which stays checkable after the freeze.
 */
public final class LightClient {
  private LightClient() {}

  /**
   * A client trusting the genesis of a chain.
   *
   * @param parameters the chain's rules
   * @param genesisRoot the state root after the genesis transactions
   * @param genesisTimeMillis the genesis time
   * @return a client state at height 0
   */
  public static LightClientState initialise(
      LightClientParameters parameters, Hash genesisRoot, long genesisTimeMillis) {
    TrustedBlock genesis = TrustedBlock.genesis(genesisRoot, genesisTimeMillis);
    TreeMap<Long, TrustedBlock> trusted = new TreeMap<>();
    trusted.put(0L, genesis);
    return new LightClientState(parameters, genesis.blockId(), trusted, Optional.empty());
  }

  /**
   * ICS-02 {@code verifyClientMessage} for a header: decodes the block and checks it against its
   * trusted parent (the rules are in the module README, in order).
   *
   * @param state the client state
   * @param update the block and the winner's proven weight entries
   * @param nowMillis the caller's clock, for the bound on timestamps ahead of it
   * @return the verified header
   * @throws InvalidLightClientInputException {@code FROZEN}, a decoding reason, or the first rule
   *     the header breaks
   */
  public static VerifiedHeader verifyClientMessage(
      LightClientState state, HeaderUpdate update, long nowMillis)
      throws InvalidLightClientInputException {
    refuseIfFrozen(state);
    return verify(state, update, nowMillis);
  }

  private static VerifiedHeader verify(LightClientState state, HeaderUpdate update, long nowMillis)
      throws InvalidLightClientInputException {
    Objects.requireNonNull(update, "update");
    LedgerHeader header = LedgerHeader.decode(update.block());
    TrustedBlock parent = trustedBlock(state, header.parent());
    if (header.index() != parent.height() + 1) {
      throw new InvalidLightClientInputException(
          Reason.BAD_LINK, "index " + header.index() + " after parent " + parent.height());
    }
    long sourceHeight = state.parameters().challengeSource(header.index());
    TrustedBlock source =
        state
            .consensusState(sourceHeight)
            .orElseThrow(
                () ->
                    new InvalidLightClientInputException(
                        Reason.UNKNOWN_HEIGHT,
                        "the challenge source at height " + sourceHeight + " is no longer kept"));
    HeaderRules.check(state.parameters(), header, update, parent, source, nowMillis);
    return new VerifiedHeader(header, TrustedBlock.of(header, parent));
  }

  private static TrustedBlock trustedBlock(LightClientState state, Hash id)
      throws InvalidLightClientInputException {
    for (TrustedBlock b : state.trusted().descendingMap().values()) {
      if (b.blockId().equals(id)) {
        return b;
      }
    }
    throw new InvalidLightClientInputException(
        Reason.BAD_LINK, "the parent " + id + " is not a trusted block");
  }

  /**
   * ICS-02 {@code checkForMisbehaviour}: whether a verified header conflicts with what the client
   * trusts, i.e. another block is trusted at its height.
   *
   * @param state the client state
   * @param header a header verified against {@code state}
   * @return true if the client must freeze
   */
  public static boolean checkForMisbehaviour(LightClientState state, VerifiedHeader header) {
    Optional<TrustedBlock> held = state.consensusState(header.consensusState().height());
    return held.isPresent() && !held.get().blockId().equals(header.consensusState().blockId());
  }

  /**
   * ICS-02 {@code updateState}: trusts the header as the new latest height; a header already
   * trusted changes nothing.
   *
   * @param state the client state
   * @param header a header verified against {@code state}, without misbehaviour
   * @return the new client state
   * @throws IllegalArgumentException if the header shows misbehaviour (call {@link
   *     #updateStateOnMisbehaviour}) or was verified against another state
   */
  public static LightClientState updateState(LightClientState state, VerifiedHeader header) {
    TrustedBlock block = header.consensusState();
    if (checkForMisbehaviour(state, header)) {
      throw new IllegalArgumentException("the header conflicts with a trusted block");
    }
    if (state.consensusState(block.height()).isPresent()) {
      return state;
    }
    if (block.height() != state.latestHeight() + 1) {
      throw new IllegalArgumentException("the header was verified against another state");
    }
    return state.extendedBy(block);
  }

  /**
   * ICS-02 {@code updateStateOnMisbehaviour}: freezes the client.
   *
   * @param state the client state
   * @param height the height of the misbehaviour
   * @return the frozen state; an already frozen state as it is
   */
  public static LightClientState updateStateOnMisbehaviour(LightClientState state, long height) {
    return state.isFrozen() ? state : state.frozenAt(height);
  }

  /**
   * Runs an update the ICS-02 way: verify the header, then freeze on misbehaviour or trust it.
   *
   * @param state the client state
   * @param update the header update
   * @param nowMillis the caller's clock
   * @return the new state: extended, unchanged (header already trusted), or frozen (another block
   *     is trusted at the header's height)
   * @throws InvalidLightClientInputException as {@link #verifyClientMessage}
   */
  public static LightClientState update(LightClientState state, HeaderUpdate update, long nowMillis)
      throws InvalidLightClientInputException {
    VerifiedHeader header = verifyClientMessage(state, update, nowMillis);
    if (checkForMisbehaviour(state, header)) {
      return updateStateOnMisbehaviour(state, header.consensusState().height());
    }
    return updateState(state, header);
  }

  /**
   * Checks evidence of misbehaviour: two headers with different ids at one height, each valid
   * against a trusted parent. Works on a frozen state too, so evidence stays checkable.
   *
   * @param state the client state
   * @param evidence the two header updates
   * @param nowMillis the caller's clock
   * @return the height of the misbehaviour
   * @throws InvalidLightClientInputException {@code NOT_MISBEHAVIOUR} if the headers are at
   *     different heights or are one block, or the reason a header is invalid
   */
  public static long verifyMisbehaviour(
      LightClientState state, Misbehaviour evidence, long nowMillis)
      throws InvalidLightClientInputException {
    VerifiedHeader a = verify(state, evidence.first(), nowMillis);
    VerifiedHeader b = verify(state, evidence.second(), nowMillis);
    if (a.header().index() != b.header().index()) {
      throw new InvalidLightClientInputException(
          Reason.NOT_MISBEHAVIOUR, "the two headers are at different heights");
    }
    if (a.header().id().equals(b.header().id())) {
      throw new InvalidLightClientInputException(
          Reason.NOT_MISBEHAVIOUR, "the two headers are one block");
    }
    return a.header().index();
  }

  /**
   * Checks evidence of misbehaviour and freezes the client.
   *
   * @param state the client state
   * @param evidence the two header updates
   * @param nowMillis the caller's clock
   * @return the frozen state
   * @throws InvalidLightClientInputException {@code FROZEN} if already frozen, or as {@link
   *     #verifyMisbehaviour}
   */
  public static LightClientState submitMisbehaviour(
      LightClientState state, Misbehaviour evidence, long nowMillis)
      throws InvalidLightClientInputException {
    refuseIfFrozen(state);
    return updateStateOnMisbehaviour(state, verifyMisbehaviour(state, evidence, nowMillis));
  }

  /**
   * ICS-02 {@code verifyMembership}: that {@code key} has {@code value} in the state after the
   * trusted block at {@code height}.
   *
   * @param state the client state
   * @param height a trusted height
   * @param key the state key ({@link LedgerStateKeys})
   * @param value the value claimed
   * @param proof an encoded {@code cybervein.v1.LedgerStateProof}
   * @throws InvalidLightClientInputException {@code FROZEN}, {@code UNKNOWN_HEIGHT}, a decoding
   *     reason, or {@code BAD_STATE_PROOF}
   */
  public static void verifyMembership(
      LightClientState state, long height, Hash key, Bytes value, Bytes proof)
      throws InvalidLightClientInputException {
    Objects.requireNonNull(value, "value");
    StateProofs.provenValue(root(state, height), key, new ProvenEntry(Optional.of(value), proof));
  }

  /**
   * ICS-02 {@code verifyNonMembership}: that {@code key} has no value in the state after the
   * trusted block at {@code height}.
   *
   * @param state the client state
   * @param height a trusted height
   * @param key the state key
   * @param proof an encoded {@code cybervein.v1.LedgerStateProof}
   * @throws InvalidLightClientInputException {@code FROZEN}, {@code UNKNOWN_HEIGHT}, a decoding
   *     reason, or {@code BAD_STATE_PROOF}
   */
  public static void verifyNonMembership(LightClientState state, long height, Hash key, Bytes proof)
      throws InvalidLightClientInputException {
    StateProofs.provenValue(root(state, height), key, new ProvenEntry(Optional.empty(), proof));
  }

  private static Hash root(LightClientState state, long height)
      throws InvalidLightClientInputException {
    refuseIfFrozen(state);
    Objects.requireNonNull(state, "state");
    return state
        .consensusState(height)
        .orElseThrow(
            () ->
                new InvalidLightClientInputException(
                    Reason.UNKNOWN_HEIGHT, "no trusted block at height " + height))
        .stateRoot();
  }

  /**
   * Checks a PBFT UPLOAD certificate (f + 1 signed UPLOADs {@code <n, d>} and the log whose digest
   * is d) of a database whose replica keys the caller holds, e.g. read from the database contract
   * with {@link #verifyMembership}.
   *
   * @param state the client state, which must not be frozen
   * @param verifier the database's replica keys
   * @param sequence n, the log the certificate is offered for
   * @param frames the certificate's frames
   * @param log the encoded {@code PbftLog} the frames certify
   * @return the certified upload, with the log
   * @throws InvalidLightClientInputException {@code FROZEN} or {@code BAD_CERTIFICATE} (the cause
   *     carries the PBFT reason, {@code LOG_MISMATCH} for a log that is not the signed one)
   */
  public static CertifiedUpload verifyDatabaseLog(
      LightClientState state,
      UploadCertificateVerifier verifier,
      long sequence,
      List<Bytes> frames,
      Bytes log)
      throws InvalidLightClientInputException {
    refuseIfFrozen(state);
    try {
      return verifier.verify(sequence, frames, log);
    } catch (InvalidPbftMessageException e) {
      throw new InvalidLightClientInputException(
          Reason.BAD_CERTIFICATE, e.reason() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks a PBFT stable-checkpoint certificate (2f + 1 signed CHECKPOINTs).
   *
   * @param state the client state, which must not be frozen
   * @param verifier the database's replica configuration
   * @param certificate the encoded certificate
   * @return the stable checkpoint it proves
   * @throws InvalidLightClientInputException {@code FROZEN} or {@code BAD_CERTIFICATE}
   */
  public static StableCheckpoint verifyStableCheckpoint(
      LightClientState state, CheckpointCertificateVerifier verifier, Bytes certificate)
      throws InvalidLightClientInputException {
    refuseIfFrozen(state);
    try {
      return verifier.verify(certificate);
    } catch (InvalidPbftMessageException e) {
      throw new InvalidLightClientInputException(
          Reason.BAD_CERTIFICATE, e.reason() + ": " + e.getMessage(), e);
    }
  }

  private static void refuseIfFrozen(LightClientState state)
      throws InvalidLightClientInputException {
    Objects.requireNonNull(state, "state");
    if (state.isFrozen()) {
      throw new InvalidLightClientInputException(
          Reason.FROZEN, "frozen by misbehaviour at height " + state.frozenHeight().get());
    }
  }
}

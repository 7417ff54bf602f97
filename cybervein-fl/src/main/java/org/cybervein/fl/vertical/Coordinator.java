package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.InvalidFederatedMessageException;

/**
 * The coordinator C of vertical training, FATE's arbiter: it generates the key pair, hands the
 * public key out (to B, which passes it on to A), hands out fresh encryptions of zero on request
 * (as the key owner it computes them through the factorisation, several times faster than A or B
 * could encrypt; A and B encrypt m as {@code [[0]] + m}) and decrypts what A and B send it. Unlike
 * FATE's arbiter it never sees a real gradient or loss: every value it decrypts was shifted by a
 * uniformly random residue that only the sender knows, so each decryption is uniformly distributed
 * and tells C nothing.
 *
 * <p>A pure core; {@link #start()} begins a session, {@link #onMessage} handles the rest. It makes
 * the encryptions of zero ahead of the requests, on the injected executor: a bounded stock of about
 * two batches' worth, so that their cost (two per row, the largest in an epoch) overlaps A's and
 * B's work on the current batch. The values are the ones made on request, in the same order: a
 * session replays from its seed whatever the executor.
 */
public final class Coordinator {
  /** The most values C decrypts for one request, far above any honest batch's needs. */
  static final int MAX_VALUES_PER_REQUEST = 1 << 16;

  private final Transport transport;
  private final List<NodeId> hosts;
  private final NodeId guest;
  private final CipherSuite suite;
  private final RandomSource random;
  private final Executor executor;
  private GradientDecryptor decryptor;
  private ZeroStock zeros;
  // each party's latest request, for the size of the stock made ahead (one entry per party)
  private final java.util.Map<NodeId, Integer> requested = new java.util.HashMap<>();
  private boolean finished;
  private long decryptions;
  private long dropped;

  /**
   * Creates coordinator C for one host.
   *
   * @param transport C's transport; the caller registers {@link #onMessage} on it
   * @param host party A's address
   * @param guest party B's address
   * @param suite the cipher
   * @param random randomness for key generation
   * @param executor where decryptions run
   */
  public Coordinator(
      Transport transport,
      NodeId host,
      NodeId guest,
      CipherSuite suite,
      RandomSource random,
      Executor executor) {
    this(transport, List.of(host), guest, suite, random, executor);
  }

  /**
   * Creates coordinator C for several hosts A1..Ak (FATE's multi-host vertical training): C
   * decrypts for every host and for B with the one key.
   *
   * @param transport C's transport; the caller registers {@link #onMessage} on it
   * @param hosts the hosts' addresses, at least one, no duplicates, none equal to B
   * @param guest party B's address
   * @param suite the cipher
   * @param random randomness for key generation
   * @param executor where decryptions run
   * @throws IllegalArgumentException if the hosts are empty, repeat or include B
   */
  public Coordinator(
      Transport transport,
      List<NodeId> hosts,
      NodeId guest,
      CipherSuite suite,
      RandomSource random,
      Executor executor) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.hosts = GuestParty.checkedHosts(hosts, guest);
    this.guest = Objects.requireNonNull(guest, "guest");
    this.suite = Objects.requireNonNull(suite, "suite");
    this.random = Objects.requireNonNull(random, "random");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** Generates the session's key pair and sends the public key to B. */
  public void start() {
    if (decryptor != null) {
      throw new IllegalStateException("the session has already started");
    }
    decryptor = suite.generate(random);
    zeros = new ZeroStock(decryptor, random, executor);
    GradientCipher key = decryptor.publicKey();
    FlProto.FlPublicKey message =
        FlProto.FlPublicKey.newBuilder()
            .setSuite(suite.name())
            .setKey(com.google.protobuf.ByteString.copyFrom(key.encoded().toByteArray()))
            .build();
    transport.send(
        guest, FlWire.encode(FlProto.FlMessage.newBuilder().setPublicKey(message).build()));
  }

  /**
   * True once B has announced the end of training, or a party has reported divergence.
   *
   * @return true after the end of training
   */
  public boolean isFinished() {
    return finished;
  }

  /**
   * The number of plaintexts decrypted so far (each holds up to {@link SlotLayout#slots()} packed
   * values).
   *
   * @return the count of decryptions
   */
  public long decryptions() {
    return decryptions;
  }

  /**
   * The number of messages dropped as invalid or out of turn.
   *
   * @return the count of dropped messages
   */
  public long droppedMessages() {
    return dropped;
  }

  /**
   * Handles one message from the transport.
   *
   * @param from the sender
   * @param bytes the message
   */
  public void onMessage(NodeId from, Bytes bytes) {
    try {
      FlProto.FlMessage message = FlWire.decode(bytes);
      boolean fromParty = hosts.contains(from) || from.equals(guest);
      boolean handled =
          switch (message.getBodyCase()) {
            case MASKED_CIPHERTEXTS ->
                fromParty && decryptor != null && onMasked(from, message.getMaskedCiphertexts());
            case ZEROS_REQUEST ->
                fromParty && decryptor != null && onZerosRequest(from, message.getZerosRequest());
            case PROCEED -> from.equals(guest) && onProceed(message.getProceed());
            case ABORT -> fromParty && onAbort();
            default -> false;
          };
      if (!handled) {
        dropped++;
      }
    } catch (InvalidFederatedMessageException e) {
      dropped++;
    }
  }

  private boolean onMasked(NodeId from, FlProto.FlMaskedCiphertexts masked)
      throws InvalidFederatedMessageException {
    int values = masked.getValueCount();
    if (values == 0 || values > MAX_VALUES_PER_REQUEST || !masked.hasLayout()) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.WRONG_LENGTH, values + " values to decrypt");
    }
    GradientCipher key = decryptor.publicKey();
    SlotLayout layout = SlotLayout.fromWire(masked.getLayout(), key.plaintextModulus());
    int count = layout.plaintexts(values);
    BigInteger[] ciphertexts = FlWire.ciphertexts(masked.getValuesList(), key, count);
    BigInteger[] plain = Parallel.map(executor, count, i -> decryptor.decrypt(ciphertexts[i]));
    decryptions += count;
    FlProto.FlMaskedPlaintexts.Builder reply =
        FlProto.FlMaskedPlaintexts.newBuilder()
            .setEpoch(masked.getEpoch())
            .setBatch(masked.getBatch());
    for (int g = 0; g < count; g++) {
      int inGroup = Math.min(layout.slots(), values - g * layout.slots());
      Optional<BigInteger[]> slots = layout.unpack(plain[g], inGroup);
      if (slots.isEmpty()) {
        // A value left its bound: the sender learns it (and aborts); C learns no more than that.
        reply.clearValues().setOverflow(true);
        break;
      }
      reply.addAllValues(FlWire.unsigned(slots.get()));
    }
    transport.send(
        from, FlWire.encode(FlProto.FlMessage.newBuilder().setMaskedPlaintexts(reply).build()));
    return true;
  }

  private boolean onZerosRequest(NodeId from, FlProto.FlZerosRequest request) {
    int count = request.getCount();
    if (count < 1 || count > MAX_VALUES_PER_REQUEST) {
      return false;
    }
    requested.put(from, count);
    int perRound = 0;
    for (int c : requested.values()) {
      perRound += c;
    }
    // made ahead on the executor while the parties work; the same values as made now
    BigInteger[] zeros = this.zeros.take(count, perRound);
    FlProto.FlZeros.Builder reply =
        FlProto.FlZeros.newBuilder()
            .setEpoch(request.getEpoch())
            .setBatch(request.getBatch())
            .addAllValues(FlWire.unsigned(zeros));
    transport.send(from, FlWire.encode(FlProto.FlMessage.newBuilder().setZeros(reply).build()));
    return true;
  }

  /** A party stopped training for divergence; C's part of the session is over too. */
  private boolean onAbort() {
    finish();
    return true;
  }

  private void finish() {
    finished = true;
    if (zeros != null) {
      zeros.close();
    }
  }

  private boolean onProceed(FlProto.FlProceed proceed) {
    if (proceed.getStop()) {
      finish();
    }
    return true;
  }
}

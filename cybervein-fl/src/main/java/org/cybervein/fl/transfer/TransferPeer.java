package org.cybervein.fl.transfer;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.time.Clock;
import org.cybervein.api.wire.v1.FtlProto;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.model.DivergenceGuard;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.TrainingDivergedException;
import org.cybervein.fl.model.TrainingListener;
import org.cybervein.fl.vertical.CipherSuite;
import org.cybervein.fl.vertical.GradientCipher;
import org.cybervein.fl.vertical.GradientDecryptor;
import org.cybervein.fl.vertical.GradientFixedPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both parties of transfer learning do alike: exchange their own public keys, then per epoch
 * send their intermediate values encrypted under their own key ({@code FtlForward}), and per local
 * round compute their gradient under the other's key, mask it, have the other decrypt it and remove
 * the mask. The subclasses supply the mathematics of their side.
 *
 * <p>A pure core: it acts only in {@link #start()} and {@link #onMessage}, sends through the
 * injected transport and draws randomness from the injected source. A message that fails to decode,
 * comes from another node or does not fit the current step is dropped, counted in {@link
 * #droppedMessages()}, and changes nothing.
 */
abstract class TransferPeer {
  private static final Logger LOG = LoggerFactory.getLogger(TransferPeer.class);

  /** Gradients, losses and scores are decrypted at scale 2: a scale-1 value times a scale-1 one. */
  static final int RESULT_SCALE = 2;

  final Transport transport;
  final NodeId peer;
  final TransferSettings settings;
  final CipherSuite suite;
  final RandomSource random;
  final int overlap;
  private final Clock clock;
  private final TrainingListener listener;
  private final DivergenceGuard guard = new DivergenceGuard();

  GradientDecryptor ownKey;
  GradientFixedPoint ownFixedPoint;
  GradientCipher peerCipher;
  GradientFixedPoint peerFixedPoint;
  int peerFeatures;

  private Instant started;
  private int exchange;
  private int round;
  private boolean sentForward;
  private final TreeMap<Integer, BigInteger[]> peerForwards = new TreeMap<>();
  private BigInteger[] masks;
  private int peerExchange;
  private int peerRound;
  private Optional<Double> exchangeLoss = Optional.empty();
  private final List<Double> losses = new ArrayList<>();
  private boolean trainingDone;
  private boolean converged;
  private Optional<TrainingDivergedException> divergence = Optional.empty();
  long dropped;

  TransferPeer(
      Transport transport,
      NodeId peer,
      List<String> overlap,
      TransferSettings settings,
      CipherSuite suite,
      RandomSource random,
      Clock clock,
      TrainingListener listener) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.peer = Objects.requireNonNull(peer, "peer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.suite = Objects.requireNonNull(suite, "suite");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (overlap.isEmpty() || new java.util.HashSet<>(overlap).size() != overlap.size()) {
      throw new IllegalArgumentException("the shared users must be at least one, without repeats");
    }
    this.overlap = overlap.size();
  }

  // ---- the side's mathematics ----

  /** This side's feature count, sent with the public key. */
  abstract int features();

  /** The values this side sends under its own key at the start of an exchange (scale 1). */
  abstract double[] forwardValues();

  /** The gradient of this side's weights, encrypted under the peer's key at scale 2. */
  abstract BigInteger[] encryptedGradient(BigInteger[] peerForward);

  /** This side's share of the loss under the peer's key at scale 2, sent with round 0; or none. */
  abstract Optional<BigInteger> encryptedLossShare(BigInteger[] peerForward);

  /** What this side adds to the loss the peer's share decrypts to, if it decrypts one. */
  abstract double ownLossTerm();

  /** Applies the decrypted encrypted part of the gradient; returns the weights for the guard. */
  abstract double[] applyGradient(double[] encryptedPart);

  /** Messages other than the training ones; false if not handled. */
  abstract boolean onOther(FtlProto.FtlMessage message) throws InvalidFederatedMessageException;

  /** Called once when training ends without divergence. */
  abstract void onTrainingDone();

  /** Whether this side expects the peer's first-round message to carry a loss share. */
  abstract boolean peerSendsLoss();

  final int dimension() {
    return settings.dimension();
  }

  /** Values in a forward: d per overlap row, then the d x d matrix. */
  final int forwardCount() {
    return overlap * dimension() + dimension() * dimension();
  }

  final int gradientCount(int featureCount) {
    return dimension() * (featureCount + 1);
  }

  // ---- the protocol ----

  /**
   * Generates this side's key pair and sends its public half to the peer. Call once, after the
   * handler is registered.
   *
   * @throws IllegalStateException if called twice or the suite's keys are too small
   */
  public void start() {
    if (ownKey != null) {
      throw new IllegalStateException("started twice");
    }
    started = clock.now();
    GradientDecryptor key = suite.generate(random);
    try {
      ownFixedPoint = GradientFixedPoint.of(key.publicKey());
    } catch (InvalidFederatedMessageException e) {
      throw new IllegalStateException("the suite's keys are too small: " + e.getMessage(), e);
    }
    ownKey = key;
    FtlProto.FtlPublicKey publicKey =
        FtlProto.FtlPublicKey.newBuilder()
            .setSuite(suite.name())
            .setKey(
                com.google.protobuf.ByteString.copyFrom(key.publicKey().encoded().toByteArray()))
            .setFeatures(features())
            .build();
    send(FtlProto.FtlMessage.newBuilder().setPublicKey(publicKey).build());
    beginIfReady();
  }

  /**
   * Handles one message from the transport. Never throws.
   *
   * @param from the sender
   * @param bytes the message
   */
  public void onMessage(NodeId from, Bytes bytes) {
    if (!from.equals(peer)) {
      dropped++;
      return;
    }
    try {
      FtlProto.FtlMessage message = TransferWire.decode(bytes);
      boolean handled =
          switch (message.getBodyCase()) {
            case PUBLIC_KEY -> onPublicKey(message.getPublicKey());
            case FORWARD -> onForward(message.getForward());
            case MASKED_GRADIENT -> onMaskedGradient(message.getMaskedGradient());
            case DECRYPTED_GRADIENT -> onDecryptedGradient(message.getDecryptedGradient());
            case ABORT -> onAbort(message.getAbort());
            default -> onOther(message);
          };
      if (!handled) {
        dropped++;
      }
    } catch (InvalidFederatedMessageException e) {
      dropped++;
    }
  }

  /**
   * True once this side has run its last epoch (or training stopped for divergence).
   *
   * @return true after the end of training
   */
  public boolean isTrainingDone() {
    return trainingDone;
  }

  /**
   * The loss of every finished epoch, taken at the weights the epoch started with.
   *
   * @return the losses, the first epoch first
   */
  public List<Double> losses() {
    return List.copyOf(losses);
  }

  /**
   * True if training ended because the loss settled.
   *
   * @return whether training converged
   */
  public boolean converged() {
    return converged;
  }

  /**
   * Why training stopped early by divergence, if it did.
   *
   * @return the divergence, or empty
   */
  public Optional<TrainingDivergedException> divergence() {
    return divergence;
  }

  /**
   * The number of messages dropped as invalid or out of turn.
   *
   * @return the count
   */
  public long droppedMessages() {
    return dropped;
  }

  final void send(FtlProto.FtlMessage message) {
    transport.send(peer, TransferWire.encode(message));
  }

  private boolean onPublicKey(FtlProto.FtlPublicKey key) throws InvalidFederatedMessageException {
    if (peerCipher != null) {
      return false;
    }
    if (!key.getSuite().equals(suite.name())) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.UNKNOWN_SUITE, "suite " + key.getSuite());
    }
    if (key.getFeatures() < 1 || key.getFeatures() > (1 << 16)) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.INVALID_VALUE,
          "a peer with " + Integer.toUnsignedString(key.getFeatures()) + " features");
    }
    GradientCipher cipher = suite.decodePublicKey(Bytes.of(key.getKey().toByteArray()));
    GradientFixedPoint fixedPoint = GradientFixedPoint.of(cipher);
    peerCipher = cipher;
    peerFixedPoint = fixedPoint;
    peerFeatures = key.getFeatures();
    beginIfReady();
    return true;
  }

  private void beginIfReady() {
    if (ownKey != null && peerCipher != null && exchange == 0 && !sentForward && !trainingDone) {
      beginExchange();
    }
  }

  private void beginExchange() {
    double[] values = forwardValues();
    FtlProto.FtlForward.Builder forward = FtlProto.FtlForward.newBuilder().setExchange(exchange);
    for (double v : values) {
      forward.addValues(TransferWire.unsigned(encryptOwn(v)));
    }
    send(FtlProto.FtlMessage.newBuilder().setForward(forward).build());
    sentForward = true;
    peerForwards.headMap(exchange).clear();
    if (peerForwards.containsKey(exchange)) {
      startRound();
    }
  }

  private boolean onForward(FtlProto.FtlForward forward) throws InvalidFederatedMessageException {
    int e = forward.getExchange();
    // the peer may finish an exchange before this side does, so the next one's forward is kept
    boolean wanted = peerCipher != null && !trainingDone && (e == exchange || e == exchange + 1);
    if (!wanted || peerForwards.containsKey(e)) {
      return false;
    }
    BigInteger[] values =
        TransferWire.ciphertexts(forward.getValuesList(), peerCipher, forwardCount());
    peerForwards.put(e, values);
    if (e == exchange && sentForward && round == 0 && masks == null) {
      startRound();
    }
    return true;
  }

  private void startRound() {
    BigInteger[] peerForward = peerForwards.get(exchange);
    BigInteger[] gradient = encryptedGradient(peerForward);
    masks = new BigInteger[gradient.length];
    FtlProto.FtlMaskedGradient.Builder masked =
        FtlProto.FtlMaskedGradient.newBuilder().setExchange(exchange).setRound(round);
    for (int i = 0; i < gradient.length; i++) {
      masks[i] = peerFixedPoint.uniform(random);
      masked.addValues(TransferWire.unsigned(peerCipher.addPlaintext(gradient[i], masks[i])));
    }
    if (round == 0) {
      encryptedLossShare(peerForward).ifPresent(c -> masked.setLoss(TransferWire.unsigned(c)));
    }
    send(FtlProto.FtlMessage.newBuilder().setMaskedGradient(masked).build());
  }

  private boolean onMaskedGradient(FtlProto.FtlMaskedGradient masked)
      throws InvalidFederatedMessageException {
    if (ownKey == null
        || peerCipher == null
        || masked.getExchange() != peerExchange
        || masked.getRound() != peerRound
        || divergence.isPresent()) {
      return false;
    }
    boolean withLoss = peerSendsLoss() && peerRound == 0;
    if (withLoss == masked.getLoss().isEmpty()) {
      throw new InvalidFederatedMessageException(
          withLoss
              ? InvalidFederatedMessageException.Reason.MISSING_FIELD
              : InvalidFederatedMessageException.Reason.UNEXPECTED,
          withLoss ? "the first round carries no loss" : "a loss outside the first round");
    }
    GradientCipher own = ownKey.publicKey();
    BigInteger[] values =
        TransferWire.ciphertexts(masked.getValuesList(), own, gradientCount(peerFeatures));
    Optional<BigInteger> loss =
        withLoss ? Optional.of(TransferWire.ciphertext(masked.getLoss(), own)) : Optional.empty();
    // every check passed: from here on the message is taken
    FtlProto.FtlDecryptedGradient.Builder reply =
        FtlProto.FtlDecryptedGradient.newBuilder()
            .setExchange(masked.getExchange())
            .setRound(masked.getRound());
    for (BigInteger c : values) {
      reply.addValues(TransferWire.unsigned(ownKey.decrypt(c)));
    }
    if (loss.isPresent()) {
      double total;
      try {
        total = ownFixedPoint.decode(ownKey.decrypt(loss.get()), RESULT_SCALE) + ownLossTerm();
      } catch (InvalidFederatedMessageException e) {
        abort("training diverged at epoch " + (peerExchange + 1) + ": " + e.getMessage());
        return true;
      }
      reply.setLoss(total);
      exchangeLoss = Optional.of(total);
    }
    peerRound++;
    if (peerRound == settings.localRounds()) {
      peerRound = 0;
      peerExchange++;
    }
    send(FtlProto.FtlMessage.newBuilder().setDecryptedGradient(reply).build());
    if (loss.isPresent()) {
      endExchangeIfReady();
    }
    return true;
  }

  private boolean onDecryptedGradient(FtlProto.FtlDecryptedGradient decrypted)
      throws InvalidFederatedMessageException {
    if (masks == null
        || decrypted.getExchange() != exchange
        || decrypted.getRound() != round
        || trainingDone) {
      return false;
    }
    boolean withLoss = !peerSendsLoss() && round == 0;
    double loss = decrypted.getLoss();
    if (withLoss && !Double.isFinite(loss)) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.INVALID_VALUE, "loss " + loss);
    }
    if (!withLoss && loss != 0) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.UNEXPECTED, "a loss outside the first round");
    }
    BigInteger n = peerFixedPoint.modulus();
    BigInteger[] values = TransferWire.residues(decrypted.getValuesList(), n, masks.length);
    String where = "epoch " + (exchange + 1) + ", round " + (round + 1);
    double[] gradient = new double[values.length];
    try {
      for (int i = 0; i < values.length; i++) {
        gradient[i] = peerFixedPoint.decode(values[i].subtract(masks[i]).mod(n), RESULT_SCALE);
      }
    } catch (InvalidFederatedMessageException e) {
      abort("training diverged at " + where + ": " + e.getMessage());
      return true;
    }
    masks = null;
    if (withLoss) {
      exchangeLoss = Optional.of(loss);
    }
    double[] weights = applyGradient(gradient);
    Optional<String> diverged = DivergenceGuard.checkWeights(weights, where);
    if (diverged.isPresent()) {
      abort(diverged.get());
      return true;
    }
    round++;
    if (round < settings.localRounds()) {
      startRound();
    } else {
      endExchangeIfReady();
    }
    return true;
  }

  /** Ends the epoch once this side's rounds are done and the epoch's loss is known. */
  private void endExchangeIfReady() {
    if (trainingDone || round < settings.localRounds() || exchangeLoss.isEmpty()) {
      return;
    }
    double loss = exchangeLoss.get();
    int number = exchange + 1;
    Optional<String> diverged = guard.checkEpochLoss(number, loss);
    if (diverged.isPresent()) {
      abort(diverged.get());
      return;
    }
    boolean settled =
        !losses.isEmpty() && Math.abs(loss - losses.get(losses.size() - 1)) < settings.tolerance();
    losses.add(loss);
    boolean last = settled || number == settings.maxEpochs();
    listener.onEpoch(new EpochProgress(number, settings.maxEpochs(), loss, elapsed(), settled));
    if (last) {
      converged = settled;
      trainingDone = true;
      onTrainingDone();
      return;
    }
    exchange++;
    round = 0;
    sentForward = false;
    exchangeLoss = Optional.empty();
    beginExchange();
  }

  private Duration elapsed() {
    Duration d = Duration.between(started, clock.now());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private void abort(String reason) {
    divergence = Optional.of(new TrainingDivergedException(reason));
    masks = null;
    trainingDone = true;
    LOG.warn("{}", reason);
    send(
        FtlProto.FtlMessage.newBuilder()
            .setAbort(FtlProto.FtlAbort.newBuilder().setReason(cut(reason)))
            .build());
  }

  private boolean onAbort(FtlProto.FtlAbort abort) {
    if (trainingDone) {
      return true;
    }
    divergence =
        Optional.of(
            new TrainingDivergedException("the peer stopped training: " + cut(abort.getReason())));
    masks = null;
    trainingDone = true;
    LOG.warn("{}", divergence.get().getMessage());
    return true;
  }

  /** A reason text cut to 1024 characters, so a peer cannot make this side hold or log more. */
  private static String cut(String reason) {
    return reason.length() > 1024 ? reason.substring(0, 1024) + "..." : reason;
  }

  /**
   * The encryption under this side's own key of {@code v} at scale 1: the key owner's fast
   * encryption of zero (through the factorisation), then the value added.
   */
  final BigInteger encryptOwn(double v) {
    return ownKey.publicKey().addPlaintext(ownKey.encryptZero(random), ownFixedPoint.encode(v, 1));
  }

  /** {@code [[sum_i k_i a_i]]} under the peer's key for scalars given as doubles at scale 1. */
  final BigInteger peerDot(BigInteger[] ciphertexts, double[] coefficients) {
    BigInteger[] k = new BigInteger[coefficients.length];
    for (int i = 0; i < k.length; i++) {
      k[i] = scaledOnce(coefficients[i]);
    }
    return peerCipher.dot(ciphertexts, k);
  }

  /**
   * {@link GradientFixedPoint#scaled}{@code (v, 1)}, computed in doubles when it fits a long: a
   * power-of-two scaling is exact and {@link Math#rint} rounds half to even, as the BigDecimal
   * route does, so the integer is the same, without a BigDecimal per scalar (tens of thousands per
   * round).
   */
  static BigInteger scaledOnce(double v) {
    double scaled = Math.scalb(v, GradientFixedPoint.precisionBits());
    if (Math.abs(scaled) < 0x1p62) {
      return BigInteger.valueOf((long) Math.rint(scaled));
    }
    return GradientFixedPoint.scaled(v, 1);
  }
}

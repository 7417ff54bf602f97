package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.cybervein.api.Bytes;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.time.Clock;
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.BatchProgress;
import org.cybervein.fl.model.DivergenceGuard;
import org.cybervein.fl.model.EpochProgress;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.model.OptimizerState;
import org.cybervein.fl.model.TrainingDivergedException;
import org.cybervein.fl.model.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Party B of vertical training: holds features {@code X_B} and the labels Y, learns its weights
 * {@code w_B} and the intercept b, and runs the schedule. Per mini-batch it turns A's {@code
 * [[u_A]]} into the encrypted residuals {@code [[d]] = a ([[u_A]] + u_B) + c(Y)} (re-randomised
 * with fresh encryptions of zero from C, so A cannot strip its own ciphertext off them), sends them
 * to A, forms its own encrypted gradient and the encrypted batch loss, masks all of them for C to
 * decrypt, removes the masks, updates, and tells A and C whether to go on. It never sees A's
 * features or {@code u_A} in plaintext.
 *
 * <p>A pure core like {@link HostParty}; the listener hears of every batch and every epoch
 * (numbered from 1) with the time elapsed on the injected clock since C's key arrived, and of each
 * epoch's mean loss.
 *
 * <p><b>Divergence.</b> After every update B applies {@link DivergenceGuard}'s checks to its
 * weights, the intercept and each epoch's mean loss, and refuses a decrypted value that overflowed
 * the fixed-point range. When a check fires, or A or C reports divergence ({@code FlAbort}), B
 * sends {@code FlAbort} to the other two, stops, and {@link #divergence()} holds the reason.
 *
 * <p><b>Predictions.</b> A request ends in scores, in A's refusal (it serves no rows, or not all
 * the ids), or, if A does not answer within {@link #PREDICTION_TIMEOUT} on the injected clock, in a
 * timeout; {@link #predictionError(long)} tells the last two.
 *
 * <p><b>Logging</b> (SLF4J, logger {@code org.cybervein.fl.vertical.GuestParty}): each epoch at
 * DEBUG with its mean loss and duration, and an epoch that took longer than {@link
 * #SLOW_EPOCH_THRESHOLD} on the injected clock at INFO. Features, labels, weights and ciphertexts
 * are never logged.
 */
public final class GuestParty {
  /**
   * An epoch that takes longer than this on the host's clock is logged at INFO, so that a host
   * notices a stalled party or an overloaded machine in its log.
   */
  public static final Duration SLOW_EPOCH_THRESHOLD = Duration.ofMinutes(2);

  /** How long B waits on the injected clock for A's answer to a prediction request. */
  public static final Duration PREDICTION_TIMEOUT = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(GuestParty.class);

  private enum Step {
    AWAIT_KEY,
    AWAIT_FORWARD,
    AWAIT_LOSS_SHARES,
    AWAIT_DECRYPTION,
    FINISHED
  }

  private final Transport transport;
  private final List<NodeId> hosts;
  private final NodeId coordinator;
  private final GuestRows rows;
  private final Hyperparameters hyperparameters;
  private final CipherSuite suite;
  private final RandomSource random;
  private final Executor executor;
  private final Clock clock;
  private final TrainingListener listener;
  private final BatchPlan plan;
  private final double[] w;
  private double intercept;

  private GradientCipher cipher;
  private FixedPoint fixedPoint;
  private SlotLayout layout;
  private Step step = Step.AWAIT_KEY;
  private int epoch;
  private int batch;
  private BigInteger[] masks;
  private double epochLoss;
  private double previousEpochLoss = Double.NaN;
  private Instant started = Instant.EPOCH;
  private Instant epochStarted = Instant.EPOCH;
  private int epochsRun;
  private boolean converged;
  private long nextRequestId = 1;
  private final Map<Long, PartyDataset> pendingPredictions = new TreeMap<>();
  private final Map<Long, Map<NodeId, double[]>> partialScores = new TreeMap<>();
  private final Map<Long, Instant> predictionSent = new TreeMap<>();
  private final Map<Long, double[]> predictions = new TreeMap<>();
  private final Map<Long, String> predictionErrors = new TreeMap<>();
  private final DivergenceGuard guard = new DivergenceGuard();
  private final OptimizerState optimizer;
  private Optional<TrainingDivergedException> divergence = Optional.empty();
  private final Map<Long, BigInteger[]> zeros = new TreeMap<>();
  private final Map<NodeId, FlProto.FlForward> forwards = new HashMap<>();
  private final Map<NodeId, BigInteger> lossShares = new HashMap<>();
  private BigInteger[] ownSums;
  private BigInteger lossWithoutShares;
  private long dropped;

  /**
   * Creates party B for one host A.
   *
   * @param transport B's transport; the caller registers {@link #onMessage} on it
   * @param host party A's address
   * @param coordinator C's address
   * @param aligned B's rows with labels, aligned with A's by Part I
   * @param hyperparameters the training settings (A uses the same)
   * @param suite the cipher suite C will use
   * @param random B's randomness (encryption, masks)
   * @param executor where ciphertext work runs
   * @param clock the host's clock, for the elapsed time reported to the listener
   * @param listener told after every epoch
   */
  public GuestParty(
      Transport transport,
      NodeId host,
      NodeId coordinator,
      PartyDataset aligned,
      Hyperparameters hyperparameters,
      CipherSuite suite,
      RandomSource random,
      Executor executor,
      Clock clock,
      TrainingListener listener) {
    this(
        transport,
        List.of(host),
        coordinator,
        aligned,
        hyperparameters,
        suite,
        random,
        executor,
        clock,
        listener);
  }

  /**
   * Creates party B for several hosts A1..Ak (FATE's multi-host vertical training): B combines the
   * hosts' encrypted forwards into one residual per row, which every host receives, and forms the
   * loss from their loss shares; the model is {@code z = sum_h X_h w_h + X_B w_B + b}. With one
   * host this is the two-party protocol.
   *
   * @param transport B's transport; the caller registers {@link #onMessage} on it
   * @param hosts the hosts' addresses, at least one, no duplicates, in the order of their columns
   * @param coordinator C's address
   * @param aligned B's rows with labels, aligned with every host's by Part I
   * @param hyperparameters the training settings (the hosts use the same)
   * @param suite the cipher suite C will use
   * @param random B's randomness (encryption, masks)
   * @param executor where ciphertext work runs
   * @param clock the host's clock, for the elapsed time reported to the listener
   * @param listener told after every epoch
   * @throws IllegalArgumentException if the hosts are empty, repeat or include C, if B has no
   *     labels, or if the suite's keys hold no packing slot for the batch size
   */
  public GuestParty(
      Transport transport,
      List<NodeId> hosts,
      NodeId coordinator,
      PartyDataset aligned,
      Hyperparameters hyperparameters,
      CipherSuite suite,
      RandomSource random,
      Executor executor,
      Clock clock,
      TrainingListener listener) {
    this(
        transport,
        hosts,
        coordinator,
        GuestRows.inMemory(aligned),
        hyperparameters,
        suite,
        random,
        executor,
        clock,
        listener);
  }

  /**
   * Creates party B over rows and labels held elsewhere, e.g. in a Spark cluster ({@code
   * cybervein-fl-spark}), for one host or several: the rows do the per-row work (B's part of the
   * residuals, its encrypted gradient sums), B the protocol. Trains to the same weights as B over
   * the same rows in memory.
   *
   * @param transport B's transport; the caller registers {@link #onMessage} on it
   * @param hosts the hosts' addresses, at least one, no duplicates, in the order of their columns
   * @param coordinator C's address
   * @param aligned B's rows with labels, aligned with every host's by Part I
   * @param hyperparameters the training settings (the hosts use the same)
   * @param suite the cipher suite C will use
   * @param random B's randomness (masks); drawn here, never by the rows
   * @param executor where ciphertext work runs (and that of in-memory rows)
   * @param clock the host's clock, for the elapsed time reported to the listener
   * @param listener told after every epoch
   * @throws IllegalArgumentException if the hosts are empty, repeat or include C, if a logistic
   *     model meets a label other than 0 or 1, or if the suite's keys hold no packing slot for the
   *     batch size
   */
  public GuestParty(
      Transport transport,
      List<NodeId> hosts,
      NodeId coordinator,
      GuestRows aligned,
      Hyperparameters hyperparameters,
      CipherSuite suite,
      RandomSource random,
      Executor executor,
      Clock clock,
      TrainingListener listener) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.hosts = checkedHosts(hosts, coordinator);
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
    this.suite = Objects.requireNonNull(suite, "suite");
    this.random = Objects.requireNonNull(random, "random");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.rows = Objects.requireNonNull(aligned, "aligned");
    if (hyperparameters.kind() == ModelKind.LOGISTIC_TAYLOR && !aligned.binaryLabels()) {
      throw new IllegalArgumentException("logistic labels must be 0 or 1");
    }
    this.plan = new BatchPlan(aligned.rowCount(), hyperparameters);
    this.w = new double[aligned.featureCount()];
    this.optimizer = hyperparameters.optimizer().start(w.length + 1);
    SlotLayout.requireRoom(suite, hyperparameters);
    // 2 loss = sum_h e_h + sum_i c_i U_i needs the z^2 coefficient to be half the residual slope.
    if (2 * HostParty.quadraticCoefficient(hyperparameters.kind())
        != hyperparameters.kind().residualSlope()) {
      throw new IllegalArgumentException("unsupported model " + hyperparameters.kind());
    }
  }

  /** The hosts as an immutable list: at least one, distinct, none equal to {@code other}. */
  static List<NodeId> checkedHosts(List<NodeId> hosts, NodeId other) {
    List<NodeId> copy = List.copyOf(hosts);
    Objects.requireNonNull(other, "coordinator or guest");
    if (copy.isEmpty() || new HashSet<>(copy).size() != copy.size() || copy.contains(other)) {
      throw new IllegalArgumentException(
          "need at least one host, each once, none equal to " + other + ": " + copy);
    }
    return copy;
  }

  /**
   * B's weights {@code w_B}, one per feature column of its dataset.
   *
   * @return a copy of the weights
   */
  public double[] weights() {
    return w.clone();
  }

  /**
   * The intercept b, which B holds.
   *
   * @return the intercept
   */
  public double intercept() {
    return intercept;
  }

  /**
   * True once training has ended (converged or out of epochs).
   *
   * @return true after the end of training
   */
  public boolean isFinished() {
    return step == Step.FINISHED;
  }

  /**
   * True if training ended because the loss settled, not because epochs ran out.
   *
   * @return true if the loss converged
   */
  public boolean converged() {
    return converged;
  }

  /**
   * The number of epochs run so far.
   *
   * @return the epoch count, from 0
   */
  public int epochsRun() {
    return epochsRun;
  }

  /**
   * The number of messages dropped as invalid or out of turn. Encryptions of zero that C sends for
   * a batch that never came because training stopped early are expected, and not counted.
   *
   * @return the count of dropped messages
   */
  public long droppedMessages() {
    return dropped;
  }

  /**
   * Why training stopped early by divergence, if it did; the exception's message says which check
   * fired, where, and what to try.
   *
   * @return the divergence, or empty if training converged, ran out of epochs or is still running
   */
  public Optional<TrainingDivergedException> divergence() {
    return divergence;
  }

  /**
   * Asks A for its partial scores of rows both parties hold and combines them with B's: the
   * prediction protocol for new rows. The result appears in {@link #predictions(long)} once A has
   * answered.
   *
   * @param rows B's features of the rows to predict (labels, if any, are ignored); A must serve
   *     rows with the same ids
   * @return the request id
   */
  public long requestPredictions(PartyDataset rows) {
    if (rows.featureCount() != w.length) {
      throw new IllegalArgumentException(
          "rows have " + rows.featureCount() + " features, model " + w.length);
    }
    long id = nextRequestId++;
    pendingPredictions.put(id, rows);
    predictionSent.put(id, clock.now());
    FlProto.FlPredictRequest.Builder request =
        FlProto.FlPredictRequest.newBuilder().setRequestId(id).addAllIds(rows.ids());
    partialScores.put(id, new HashMap<>());
    Bytes encoded =
        FlWire.encode(FlProto.FlMessage.newBuilder().setPredictRequest(request).build());
    for (NodeId host : hosts) {
      transport.send(host, encoded);
    }
    return id;
  }

  /**
   * The predictions of a request, once answered: scores for linear regression, probabilities of
   * label 1 for logistic.
   *
   * @param requestId the id the prediction request was sent with
   * @return the predictions in row order, or empty until answered (and for ever if A refused the
   *     request or did not answer in time: see {@link #predictionError(long)})
   */
  public Optional<double[]> predictions(long requestId) {
    return Optional.ofNullable(predictions.get(requestId)).map(double[]::clone);
  }

  /**
   * Why a prediction request failed: A's refusal (e.g. ids it does not serve), or a timeout once
   * {@link #PREDICTION_TIMEOUT} has passed on the injected clock without an answer. A request that
   * failed never yields predictions; an answer arriving after its timeout is dropped.
   *
   * @param requestId the id the prediction request was sent with
   * @return the error, or empty while the request is pending or once it was answered
   */
  public Optional<String> predictionError(long requestId) {
    Instant sent = predictionSent.get(requestId);
    if (sent != null
        && pendingPredictions.containsKey(requestId)
        && Duration.between(sent, clock.now()).compareTo(PREDICTION_TIMEOUT) >= 0) {
      pendingPredictions.remove(requestId);
      predictionSent.remove(requestId);
      partialScores.remove(requestId);
      predictionErrors.put(
          requestId,
          "party A did not answer prediction request "
              + requestId
              + " within "
              + PREDICTION_TIMEOUT.toSeconds()
              + " s");
    }
    return Optional.ofNullable(predictionErrors.get(requestId));
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
      boolean handled =
          switch (message.getBodyCase()) {
            case PUBLIC_KEY -> from.equals(coordinator) && onPublicKey(message);
            case FORWARD -> hosts.contains(from) && onForward(from, message.getForward());
            case LOSS_SHARE -> hosts.contains(from) && onLossShare(from, message.getLossShare());
            case ZEROS -> from.equals(coordinator) && onZeros(message.getZeros());
            case MASKED_PLAINTEXTS ->
                from.equals(coordinator) && onDecrypted(message.getMaskedPlaintexts());
            case PARTIAL_SCORES ->
                hosts.contains(from) && onPartialScores(from, message.getPartialScores());
            case ABORT ->
                (hosts.contains(from) || from.equals(coordinator))
                    && onAbort(from, message.getAbort());
            default -> false;
          };
      if (!handled) {
        dropped++;
      }
    } catch (InvalidFederatedMessageException e) {
      dropped++;
    }
  }

  private boolean onPublicKey(FlProto.FlMessage message) throws InvalidFederatedMessageException {
    FlProto.FlPublicKey key = message.getPublicKey();
    if (step != Step.AWAIT_KEY) {
      return false;
    }
    if (!key.getSuite().equals(suite.name())) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.UNKNOWN_SUITE, "suite " + key.getSuite());
    }
    GradientCipher decoded = suite.decodePublicKey(Bytes.of(key.getKey().toByteArray()));
    FixedPoint.requireRoom(decoded);
    SlotLayout slots = SlotLayout.forSession(decoded, hyperparameters);
    cipher = decoded;
    fixedPoint = new FixedPoint(cipher.plaintextModulus());
    layout = slots;
    started = clock.now();
    epochStarted = started;
    step = Step.AWAIT_FORWARD;
    requestZeros(BatchPlan.key(0, 0));
    // A host starts the first batch when the key reaches it, so the key precedes its forward.
    Bytes encoded = FlWire.encode(message);
    for (NodeId host : hosts) {
      transport.send(host, encoded);
    }
    return true;
  }

  /** B needs one encryption of zero per row of a batch, to re-randomise the residuals. */
  private void requestZeros(long batchKey) {
    if (BatchPlan.epochOf(batchKey) >= hyperparameters.maxEpochs()) {
      return;
    }
    FlProto.FlZerosRequest request =
        FlProto.FlZerosRequest.newBuilder()
            .setEpoch(BatchPlan.epochOf(batchKey))
            .setBatch(BatchPlan.batchOf(batchKey))
            .setCount(plan.size(BatchPlan.batchOf(batchKey)))
            .build();
    transport.send(
        coordinator,
        FlWire.encode(FlProto.FlMessage.newBuilder().setZerosRequest(request).build()));
  }

  private boolean onZeros(FlProto.FlZeros received) throws InvalidFederatedMessageException {
    if (step == Step.FINISHED && cipher != null) {
      // Zeros B asked for ahead of a batch that early stopping cancelled: expected, and unused.
      return true;
    }
    if (cipher == null) {
      return false;
    }
    long k = BatchPlan.key(received.getEpoch(), received.getBatch());
    long current = BatchPlan.key(epoch, batch);
    boolean wanted =
        (k == current && step == Step.AWAIT_FORWARD) || k == plan.successor(epoch, batch);
    if (!wanted || zeros.containsKey(k)) {
      return false;
    }
    zeros.put(
        k,
        FlWire.ciphertexts(
            received.getValuesList(), cipher, plan.size(received.getBatch()), executor));
    if (step == Step.AWAIT_FORWARD
        && zeros.containsKey(current)
        && forwards.size() == hosts.size()) {
      processForwards();
    }
    return true;
  }

  private boolean onForward(NodeId from, FlProto.FlForward forward)
      throws InvalidFederatedMessageException {
    if (step != Step.AWAIT_FORWARD
        || forward.getEpoch() != epoch
        || forward.getBatch() != batch
        || forwards.containsKey(from)) {
      return false;
    }
    int m = plan.size(batch);
    if (forward.getUACount() != m) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.WRONG_LENGTH,
          forward.getUACount() + " values, expected " + m);
    }
    FlWire.ciphertext(forward.getQA(), cipher);
    forwards.put(from, forward);
    if (forwards.size() == hosts.size() && zeros.containsKey(BatchPlan.key(epoch, batch))) {
      processForwards();
    }
    return true;
  }

  /**
   * Every host's forward and the zeros are here: B checks the forwards' ciphertexts (on the
   * executor), combines them into the residuals, sends those to every host and prepares its own
   * encrypted sums. A forward with an invalid ciphertext is dropped and its host's slot reopened.
   */
  private void processForwards() {
    int start = plan.start(batch);
    int m = plan.size(batch);
    int h = hosts.size();
    BigInteger[][] uHosts = new BigInteger[h][];
    BigInteger[] qHosts = new BigInteger[h];
    for (int t = 0; t < h; t++) {
      NodeId host = hosts.get(t);
      FlProto.FlForward forward = forwards.get(host);
      try {
        uHosts[t] = FlWire.ciphertexts(forward.getUAList(), cipher, m, executor);
        qHosts[t] = FlWire.ciphertext(forward.getQA(), cipher);
      } catch (InvalidFederatedMessageException e) {
        forwards.remove(host);
        dropped++;
        return;
      }
    }
    forwards.clear();
    BigInteger[] zero = zeros.remove(BatchPlan.key(epoch, batch));
    ModelKind kind = hyperparameters.kind();
    // Where the rows and labels are: per row the bracket e_i of d_i = a U_i + e_i (U the hosts'
    // sum) and B's loss; summed here in row order, as the rows are spread anywhere.
    ResidualTerms terms = rows.residualTerms(start, m, w, intercept, kind);
    double[] coefficient = terms.coefficients();
    double[] losses = terms.losses();
    double plainLoss = 0;
    for (int i = 0; i < m; i++) {
      plainLoss += losses[i];
    }
    double norm = 0;
    for (double v : w) {
      norm += v * v;
    }
    double plainLossTotal = plainLoss + m * hyperparameters.l2() / 2 * norm;
    if (!Double.isFinite(plainLossTotal)) {
      // Finite weights within the guard's bound can still meet extreme features.
      abort(
          "training diverged at epoch "
              + (epoch + 1)
              + ", batch "
              + (batch + 1)
              + ": party B's loss is not finite; standardise the features");
      return;
    }

    // The residual B sends is D = d / a = U + c / a (scale 2, the hosts' u come at scale 2): no
    // power per row; the hosts and B multiply their decrypted sums by a, a power of two.
    double a = kind.residualSlope();
    BigInteger[] cOverA = new BigInteger[m];
    BigInteger[] c = new BigInteger[m];
    for (int i = 0; i < m; i++) {
      cOverA[i] = FixedPoint.scaled(coefficient[i] / a, 2);
      c[i] = FixedPoint.scaled(coefficient[i] / a, 1);
    }
    BigInteger modulus = cipher.plaintextModulus();
    // [[U_i]] = sum over hosts of [[u_h,i]]
    BigInteger[] u =
        Parallel.map(
            executor,
            m,
            i -> {
              BigInteger sum = uHosts[0][i];
              for (int t = 1; t < h; t++) {
                sum = cipher.add(sum, uHosts[t][i]);
              }
              return sum;
            });
    // C's fresh [[0]] re-randomises each residual, so no host can strip its own [[u]] off it.
    BigInteger[] d =
        Parallel.map(
            executor,
            m,
            i -> cipher.add(u[i], cipher.addPlaintext(zero[i], cOverA[i].mod(modulus))));
    FlProto.FlResidual.Builder residual =
        FlProto.FlResidual.newBuilder().setEpoch(epoch).setBatch(batch);
    residual.addAllD(FlWire.unsigned(d));
    Bytes encoded = FlWire.encode(FlProto.FlMessage.newBuilder().setResidual(residual).build());
    for (NodeId host : hosts) {
      transport.send(host, encoded);
    }

    // Values for C: w_B's gradient sums (scale 3), the intercept's (scale 2), both over D, and
    // 2 / a x the loss (scale 3). The loss in U is c U + (a / 2) U^2 per row (c the slope, a / 2
    // the z^2 coefficient), and the hosts' shares e_h = sum_i D_i u_h,i add up to sum_i D_i U_i =
    // sum U^2 + sum (c / a) U, so (2 / a) loss = sum_h e_h + sum_i (c / a) U_i + (2 / a) (the
    // hosts' penalties + B's plain part): no product of two ciphertexts.
    int k = w.length;
    double lossFactor = 2 / a;
    BigInteger lift =
        BigInteger.valueOf((long) lossFactor).shiftLeft(2 * FixedPoint.PRECISION_BITS);
    // B's k gradient sums share their bases D_i, where the rows are (one call: the cipher shares
    // the work across features).
    BigInteger[] gradientSums = rows.encryptedGradientSums(cipher, start, d, executor);
    BigInteger[] tail =
        Parallel.map(
            executor,
            2,
            t -> {
              if (t == 0) {
                BigInteger sum = d[0];
                for (int i = 1; i < m; i++) {
                  sum = cipher.add(sum, d[i]);
                }
                return sum;
              }
              BigInteger loss = FixedPoint.dot(cipher, i -> u[i], i -> c[i], m);
              for (BigInteger q : qHosts) {
                loss = cipher.add(loss, cipher.multiply(q, lift));
              }
              return cipher.addPlaintext(loss, fixedPoint.encode(lossFactor * plainLossTotal, 3));
            });
    BigInteger[] sums = Arrays.copyOf(gradientSums, k + 2);
    sums[k] = tail[0];
    sums[k + 1] = tail[1];
    ownSums = sums;
    lossShares.clear();
    step = Step.AWAIT_LOSS_SHARES;
    requestZeros(plan.successor(epoch, batch));
  }

  private boolean onLossShare(NodeId from, FlProto.FlLossShare share)
      throws InvalidFederatedMessageException {
    if (step != Step.AWAIT_LOSS_SHARES
        || share.getEpoch() != epoch
        || share.getBatch() != batch
        || lossShares.containsKey(from)) {
      return false;
    }
    lossShares.put(from, FlWire.ciphertext(share.getE(), cipher));
    if (lossShares.size() < hosts.size()) {
      return true;
    }
    int k = w.length;
    BigInteger loss = ownSums[k + 1];
    for (NodeId host : hosts) {
      loss = cipher.add(loss, lossShares.get(host));
    }
    lossShares.clear();
    BigInteger[] values = ownSums.clone();
    values[k + 1] = loss;
    ownSums = null;
    masks = new BigInteger[k + 2];
    for (int j = 0; j < k + 2; j++) {
      masks[j] = layout.mask(random);
    }
    BigInteger[] hidden =
        Parallel.map(executor, k + 2, j -> cipher.addPlaintext(values[j], layout.shift(masks[j])));
    BigInteger[] packed = layout.pack(cipher, hidden, executor);
    transport.send(
        coordinator, FlWire.encode(FlWire.maskedRequest(epoch, batch, layout, packed, k + 2)));
    step = Step.AWAIT_DECRYPTION;
    return true;
  }

  private boolean onDecrypted(FlProto.FlMaskedPlaintexts decrypted)
      throws InvalidFederatedMessageException {
    if (step != Step.AWAIT_DECRYPTION
        || decrypted.getEpoch() != epoch
        || decrypted.getBatch() != batch) {
      return false;
    }
    int k = w.length;
    String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1);
    double[] plain = new double[k + 2];
    try {
      if (FlWire.overflowed(decrypted)) {
        throw new InvalidFederatedMessageException(
            InvalidFederatedMessageException.Reason.OVERFLOW,
            "a packed value overflowed its slots at the coordinator; standardise the features");
      }
      BigInteger[] values = FlWire.slots(decrypted, layout, k + 2);
      for (int j = 0; j < k + 2; j++) {
        plain[j] = FixedPoint.toDouble(layout.recover(values[j], masks[j]), j == k ? 2 : 3);
        if (j <= k) {
          plain[j] *= hyperparameters.kind().residualSlope(); // sums over D = d / a
        }
      }
    } catch (InvalidFederatedMessageException e) {
      if (e.reason() != InvalidFederatedMessageException.Reason.OVERFLOW) {
        throw e;
      }
      abort("training diverged at " + where + ": " + e.getMessage());
      return true;
    }
    masks = null;
    int m = plan.size(batch);
    double[] parameters = java.util.Arrays.copyOf(w, k + 1);
    parameters[k] = intercept;
    double[] gradients = new double[k + 1];
    for (int j = 0; j < k; j++) {
      gradients[j] = plain[j] / m + hyperparameters.l2() * w[j];
    }
    gradients[k] = plain[k] / m;
    optimizer.step(parameters, gradients, hyperparameters.learningRate(), epoch);
    System.arraycopy(parameters, 0, w, 0, k);
    intercept = parameters[k];
    epochLoss += plain[k + 1] * hyperparameters.kind().residualSlope() / 2;
    Optional<String> diverged = DivergenceGuard.checkWeights(parameters, where);
    if (diverged.isPresent()) {
      abort(diverged.get());
      return true;
    }
    Instant now = clock.now();
    Duration elapsed = Duration.between(started, now);
    if (elapsed.isNegative()) {
      elapsed = Duration.ZERO;
    }
    listener.onBatch(new BatchProgress(epoch + 1, batch + 1, plan.batches(), elapsed));

    boolean stop = false;
    if (plan.isLast(batch)) {
      double mean = epochLoss / plan.end(batch);
      diverged = guard.checkEpochLoss(epoch + 1, mean);
      if (diverged.isPresent()) {
        abort(diverged.get());
        return true;
      }
      converged = epoch > 0 && Math.abs(mean - previousEpochLoss) < hyperparameters.tolerance();
      epochsRun = epoch + 1;
      stop = converged || epochsRun == hyperparameters.maxEpochs();
      logEpoch(mean, Duration.between(epochStarted, now));
      epochStarted = now;
      listener.onEpoch(
          new EpochProgress(epoch + 1, hyperparameters.maxEpochs(), mean, elapsed, converged));
      previousEpochLoss = mean;
      epochLoss = 0;
      epoch++;
      batch = 0;
    } else {
      batch++;
    }
    FlProto.FlMessage proceed =
        FlProto.FlMessage.newBuilder()
            .setProceed(
                FlProto.FlProceed.newBuilder().setEpoch(epoch).setBatch(batch).setStop(stop))
            .build();
    for (NodeId host : hosts) {
      transport.send(host, FlWire.encode(proceed));
    }
    transport.send(coordinator, FlWire.encode(proceed));
    step = stop ? Step.FINISHED : Step.AWAIT_FORWARD;
    return true;
  }

  /** Stops training for divergence and tells A and C, so that no party waits for ever. */
  private void abort(String reason) {
    divergence = Optional.of(new TrainingDivergedException(reason));
    masks = null;
    step = Step.FINISHED;
    LOG.warn("{}", reason);
    Bytes abort = AbortMessage.encode(reason);
    for (NodeId host : hosts) {
      transport.send(host, abort);
    }
    transport.send(coordinator, abort);
  }

  private boolean onAbort(NodeId from, FlProto.FlAbort abort) {
    if (step == Step.FINISHED) {
      return true; // the run is over either way; a second report changes nothing
    }
    TrainingDivergedException reported =
        AbortMessage.received(
            from.equals(coordinator) ? "coordinator C" : "party A (" + from + ")", abort);
    divergence = Optional.of(reported);
    masks = null;
    step = Step.FINISHED;
    LOG.warn("{}", reported.getMessage());
    return true;
  }

  private void logEpoch(double meanLoss, Duration took) {
    if (took.compareTo(SLOW_EPOCH_THRESHOLD) > 0) {
      LOG.info(
          "epoch {} of {} took {} s, longer than {} s",
          epoch + 1,
          hyperparameters.maxEpochs(),
          took.toSeconds(),
          SLOW_EPOCH_THRESHOLD.toSeconds());
    }
    LOG.debug(
        "epoch {} of {} done in {} ms, mean loss {}{}",
        epoch + 1,
        hyperparameters.maxEpochs(),
        Math.max(0, took.toMillis()),
        meanLoss,
        converged ? ", converged" : "");
  }

  private boolean onPartialScores(NodeId from, FlProto.FlPartialScores scores) {
    PartyDataset rows = pendingPredictions.get(scores.getRequestId());
    Map<NodeId, double[]> partial = partialScores.get(scores.getRequestId());
    if (rows == null || partial == null || partial.containsKey(from)) {
      return false;
    }
    if (!scores.getRefusal().isEmpty()) {
      if (scores.getScoresCount() != 0) {
        return false;
      }
      String refusal = AbortMessage.truncated(scores.getRefusal());
      pendingPredictions.remove(scores.getRequestId());
      predictionSent.remove(scores.getRequestId());
      partialScores.remove(scores.getRequestId());
      predictionErrors.put(
          scores.getRequestId(),
          (hosts.size() == 1 ? "party A" : "party A (" + from + ")") + " refused: " + refusal);
      return true;
    }
    if (scores.getScoresCount() != rows.rowCount()) {
      return false;
    }
    double[] uA = new double[rows.rowCount()];
    for (int i = 0; i < uA.length; i++) {
      uA[i] = scores.getScores(i);
      if (!Double.isFinite(uA[i])) {
        return false;
      }
    }
    partial.put(from, uA);
    if (partial.size() < hosts.size()) {
      return true;
    }
    double[] out = new double[rows.rowCount()];
    for (int i = 0; i < out.length; i++) {
      double[] row = rows.row(i);
      double z = intercept;
      for (NodeId host : hosts) {
        z += partial.get(host)[i];
      }
      for (int j = 0; j < w.length; j++) {
        z += row[j] * w[j];
      }
      out[i] = hyperparameters.kind().predict(z);
    }
    pendingPredictions.remove(scores.getRequestId());
    predictionSent.remove(scores.getRequestId());
    partialScores.remove(scores.getRequestId());
    predictions.put(scores.getRequestId(), out);
    return true;
  }
}

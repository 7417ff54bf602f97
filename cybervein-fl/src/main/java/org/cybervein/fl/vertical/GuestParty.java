package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
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
    AWAIT_DECRYPTION,
    FINISHED
  }

  private final Transport transport;
  private final NodeId host;
  private final NodeId coordinator;
  private final double[][] x;
  private final double[] y;
  private final BigInteger[][] scaledX;
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
  private final Map<Long, Instant> predictionSent = new TreeMap<>();
  private final Map<Long, double[]> predictions = new TreeMap<>();
  private final Map<Long, String> predictionErrors = new TreeMap<>();
  private final DivergenceGuard guard = new DivergenceGuard();
  private final OptimizerState optimizer;
  private Optional<TrainingDivergedException> divergence = Optional.empty();
  private final Map<Long, BigInteger[]> zeros = new TreeMap<>();
  private Optional<FlProto.FlForward> pendingForward = Optional.empty();
  private long dropped;

  /**
   * Creates party B.
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
    this.transport = Objects.requireNonNull(transport, "transport");
    this.host = Objects.requireNonNull(host, "host");
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
    this.suite = Objects.requireNonNull(suite, "suite");
    this.random = Objects.requireNonNull(random, "random");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.x = aligned.features();
    this.y =
        aligned
            .labels()
            .orElseThrow(() -> new IllegalArgumentException("party B must hold the labels"));
    if (hyperparameters.kind() == ModelKind.LOGISTIC_TAYLOR) {
      for (double label : y) {
        if (label != 0 && label != 1) {
          throw new IllegalArgumentException("logistic labels must be 0 or 1, got " + label);
        }
      }
    }
    this.scaledX = BatchPlan.scaledRows(x);
    this.plan = new BatchPlan(aligned.rowCount(), hyperparameters);
    this.w = new double[aligned.featureCount()];
    this.optimizer = hyperparameters.optimizer().start(w.length + 1);
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
    transport.send(
        host, FlWire.encode(FlProto.FlMessage.newBuilder().setPredictRequest(request).build()));
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
            case FORWARD -> from.equals(host) && onForward(message.getForward());
            case ZEROS -> from.equals(coordinator) && onZeros(message.getZeros());
            case MASKED_PLAINTEXTS ->
                from.equals(coordinator) && onDecrypted(message.getMaskedPlaintexts());
            case PARTIAL_SCORES -> from.equals(host) && onPartialScores(message.getPartialScores());
            case ABORT ->
                (from.equals(host) || from.equals(coordinator))
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
    cipher = decoded;
    fixedPoint = new FixedPoint(cipher.plaintextModulus());
    started = clock.now();
    epochStarted = started;
    step = Step.AWAIT_FORWARD;
    requestZeros(BatchPlan.key(0, 0));
    // A starts the first batch when the key reaches it, so the key always precedes A's forward.
    transport.send(host, FlWire.encode(message));
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
        k, FlWire.ciphertexts(received.getValuesList(), cipher, plan.size(received.getBatch())));
    if (step == Step.AWAIT_FORWARD && zeros.containsKey(current) && pendingForward.isPresent()) {
      FlProto.FlForward forward = pendingForward.get();
      pendingForward = Optional.empty();
      processForward(forward);
    }
    return true;
  }

  private boolean onForward(FlProto.FlForward forward) throws InvalidFederatedMessageException {
    if (step != Step.AWAIT_FORWARD
        || forward.getEpoch() != epoch
        || forward.getBatch() != batch
        || pendingForward.isPresent()) {
      return false;
    }
    int m = plan.size(batch);
    FlWire.ciphertexts(forward.getUAList(), cipher, m);
    FlWire.ciphertext(forward.getQA(), cipher);
    if (zeros.containsKey(BatchPlan.key(epoch, batch))) {
      processForward(forward);
    } else {
      pendingForward = Optional.of(forward);
    }
    return true;
  }

  private void processForward(FlProto.FlForward forward) throws InvalidFederatedMessageException {
    int start = plan.start(batch);
    int m = plan.size(batch);
    BigInteger[] uA = FlWire.ciphertexts(forward.getUAList(), cipher, m);
    BigInteger qA = FlWire.ciphertext(forward.getQA(), cipher);
    BigInteger[] zero = zeros.remove(BatchPlan.key(epoch, batch));
    ModelKind kind = hyperparameters.kind();
    double[] coefficient = new double[m];
    double plainLoss = 0;
    for (int i = 0; i < m; i++) {
      double uB = intercept;
      for (int j = 0; j < w.length; j++) {
        uB += x[start + i][j] * w[j];
      }
      // The residual at z = u_A + u_B is a u_A + (a u_B + c(y)); the same bracket is the slope of
      // the loss in u_A, so it serves both.
      coefficient[i] = kind.residualSlope() * uB + kind.residualOffset(y[start + i]);
      plainLoss += kind.loss(uB, y[start + i]);
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

    BigInteger slope = FixedPoint.scaled(kind.residualSlope(), 1);
    // C's fresh [[0]] re-randomises each residual, so A cannot strip its own [[u_A]] off it.
    BigInteger[] d =
        Parallel.map(
            executor,
            m,
            i ->
                cipher.add(
                    cipher.multiply(uA[i], slope),
                    cipher.addPlaintext(zero[i], fixedPoint.encode(coefficient[i], 2))));
    FlProto.FlResidual.Builder residual =
        FlProto.FlResidual.newBuilder().setEpoch(epoch).setBatch(batch);
    for (BigInteger v : d) {
      residual.addD(FlWire.unsigned(v));
    }
    transport.send(
        host, FlWire.encode(FlProto.FlMessage.newBuilder().setResidual(residual).build()));

    // Values for C: w_B's gradient sums (scale 3), the intercept's (scale 2), the loss (scale 2).
    int k = w.length;
    BigInteger[] hidden =
        Parallel.map(
            executor,
            k + 2,
            j -> {
              if (j < k) {
                return FixedPoint.dot(cipher, i -> d[i], i -> scaledX[start + i][j], m);
              }
              if (j == k) {
                BigInteger sum = d[0];
                for (int i = 1; i < m; i++) {
                  sum = cipher.add(sum, d[i]);
                }
                return sum;
              }
              BigInteger loss =
                  cipher.add(
                      cipher.multiply(qA, BigInteger.ONE.shiftLeft(FixedPoint.PRECISION_BITS)),
                      FixedPoint.dot(
                          cipher, i -> uA[i], i -> FixedPoint.scaled(coefficient[i], 1), m));
              return cipher.addPlaintext(loss, fixedPoint.encode(plainLossTotal, 2));
            });
    masks = new BigInteger[k + 2];
    FlProto.FlMaskedCiphertexts.Builder masked =
        FlProto.FlMaskedCiphertexts.newBuilder().setEpoch(epoch).setBatch(batch);
    for (int j = 0; j < k + 2; j++) {
      masks[j] = fixedPoint.uniform(random);
      masked.addValues(FlWire.unsigned(cipher.addPlaintext(hidden[j], masks[j])));
    }
    transport.send(
        coordinator,
        FlWire.encode(FlProto.FlMessage.newBuilder().setMaskedCiphertexts(masked).build()));
    step = Step.AWAIT_DECRYPTION;
    requestZeros(plan.successor(epoch, batch));
  }

  private boolean onDecrypted(FlProto.FlMaskedPlaintexts decrypted)
      throws InvalidFederatedMessageException {
    if (step != Step.AWAIT_DECRYPTION
        || decrypted.getEpoch() != epoch
        || decrypted.getBatch() != batch) {
      return false;
    }
    int k = w.length;
    BigInteger n = cipher.plaintextModulus();
    BigInteger[] values = FlWire.residues(decrypted.getValuesList(), n, k + 2);
    String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1);
    double[] plain = new double[k + 2];
    try {
      for (int j = 0; j < k + 2; j++) {
        plain[j] = fixedPoint.decode(values[j].subtract(masks[j]).mod(n), j < k ? 3 : 2);
      }
    } catch (InvalidFederatedMessageException e) {
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
    epochLoss += plain[k + 1];
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
    transport.send(host, FlWire.encode(proceed));
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
    transport.send(host, abort);
    transport.send(coordinator, abort);
  }

  private boolean onAbort(NodeId from, FlProto.FlAbort abort) {
    if (step == Step.FINISHED) {
      return true; // the run is over either way; a second report changes nothing
    }
    TrainingDivergedException reported =
        AbortMessage.received(from.equals(host) ? "party A" : "coordinator C", abort);
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

  private boolean onPartialScores(FlProto.FlPartialScores scores) {
    PartyDataset rows = pendingPredictions.get(scores.getRequestId());
    if (rows == null) {
      return false;
    }
    if (!scores.getRefusal().isEmpty()) {
      if (scores.getScoresCount() != 0) {
        return false;
      }
      String refusal = AbortMessage.truncated(scores.getRefusal());
      pendingPredictions.remove(scores.getRequestId());
      predictionSent.remove(scores.getRequestId());
      predictionErrors.put(scores.getRequestId(), "party A refused: " + refusal);
      return true;
    }
    if (scores.getScoresCount() != rows.rowCount()) {
      return false;
    }
    double[] out = new double[rows.rowCount()];
    for (int i = 0; i < out.length; i++) {
      double uA = scores.getScores(i);
      if (!Double.isFinite(uA)) {
        return false;
      }
      double[] row = rows.row(i);
      double z = intercept + uA;
      for (int j = 0; j < w.length; j++) {
        z += row[j] * w[j];
      }
      out[i] = hyperparameters.kind().predict(z);
    }
    pendingPredictions.remove(scores.getRequestId());
    predictionSent.remove(scores.getRequestId());
    predictions.put(scores.getRequestId(), out);
    return true;
  }
}

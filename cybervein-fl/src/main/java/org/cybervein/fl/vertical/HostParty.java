package org.cybervein.fl.vertical;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
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
import org.cybervein.api.wire.v1.FlProto;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.DivergenceGuard;
import org.cybervein.fl.model.Hyperparameters;
import org.cybervein.fl.model.ModelKind;
import org.cybervein.fl.model.OptimizerState;
import org.cybervein.fl.model.TrainingDivergedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Party A of vertical training: holds features {@code X_A} and no labels, and learns its own
 * weights {@code w_A}. Per mini-batch it fetches fresh encryptions of zero from C, sends B the
 * encrypted intermediate results {@code [[u_A]] = [[0]] + X_A w_A} and its share of the loss,
 * receives the encrypted residuals {@code [[d]]}, forms its encrypted gradient {@code [[X_A^T d]]}
 * by scalar multiplications, hides it under a uniformly random mask, has C decrypt the masked
 * values and removes the mask. It never sees a label, B's features, B's intermediate results or
 * residuals in plaintext.
 *
 * <p>A pure core: it acts only when a message arrives ({@link #onMessage}), sends through the
 * injected transport, draws randomness from the injected source and runs ciphertext work on the
 * injected executor (a direct executor makes it single-threaded). Messages that fail to decode,
 * come from the wrong party or do not fit the current step are dropped and counted in {@link
 * #droppedMessages()}.
 *
 * <p><b>Divergence.</b> A applies {@link DivergenceGuard#checkWeights} after each update and
 * refuses decrypted values that overflowed the fixed-point range; when a check fires, or B or C
 * reports divergence, A sends {@code FlAbort} to the other two and stops, with the reason in {@link
 * #divergence()}. It never throws from {@link #onMessage}, whatever its data or its peers do.
 *
 * <p><b>Predictions.</b> A prediction request for rows A does not serve is answered with a refusal
 * naming how many ids are unknown, so B's caller gets an error.
 */
public final class HostParty {
  private static final Logger LOG = LoggerFactory.getLogger(HostParty.class);

  private enum Step {
    AWAIT_KEY,
    AWAIT_ZEROS,
    AWAIT_RESIDUAL,
    AWAIT_GRADIENT,
    AWAIT_PROCEED,
    FINISHED
  }

  private final Transport transport;
  private final NodeId guest;
  private final NodeId coordinator;
  private final PartyRows rows;
  private final Hyperparameters hyperparameters;
  private final CipherSuite suite;
  private final RandomSource random;
  private final Executor executor;
  private final BatchPlan plan;
  private final double[] w;

  private GradientCipher cipher;
  private FixedPoint fixedPoint;
  private SlotLayout layout;
  private BigInteger[] sentU;
  private BigInteger shareZero;
  private Step step = Step.AWAIT_KEY;
  private int epoch;
  private int batch;
  private BigInteger[] masks;
  private Optional<FlProto.FlProceed> proceed = Optional.empty();
  private Optional<PartyDataset> serving = Optional.empty();
  private final Map<Long, BigInteger[]> zeros = new TreeMap<>();
  private long dropped;
  private Optional<TrainingDivergedException> divergence = Optional.empty();
  private final OptimizerState optimizer;

  /**
   * Creates party A.
   *
   * @param transport A's transport; the caller registers {@link #onMessage} on it
   * @param guest party B's address
   * @param coordinator C's address
   * @param aligned A's rows, aligned with B's by Part I (same ids, same order)
   * @param hyperparameters the same settings B uses
   * @param suite the cipher suite C will use
   * @param random A's randomness (encryption, masks)
   * @param executor where ciphertext work runs
   */
  public HostParty(
      Transport transport,
      NodeId guest,
      NodeId coordinator,
      PartyDataset aligned,
      Hyperparameters hyperparameters,
      CipherSuite suite,
      RandomSource random,
      Executor executor) {
    this(
        transport,
        guest,
        coordinator,
        PartyRows.inMemory(aligned),
        hyperparameters,
        suite,
        random,
        executor);
  }

  /**
   * Creates party A over rows held elsewhere, e.g. in a Spark cluster ({@code cybervein-fl-spark}):
   * the rows do the per-row work, A the protocol. Trains to the same weights as A over the same
   * rows in memory.
   *
   * @param transport A's transport; the caller registers {@link #onMessage} on it
   * @param guest party B's address
   * @param coordinator C's address
   * @param aligned A's rows, aligned with B's by Part I (same ids, same order)
   * @param hyperparameters the same settings B uses
   * @param suite the cipher suite C will use
   * @param random A's randomness (masks); drawn here, never by the rows
   * @param executor where ciphertext work of in-memory rows runs
   */
  public HostParty(
      Transport transport,
      NodeId guest,
      NodeId coordinator,
      PartyRows aligned,
      Hyperparameters hyperparameters,
      CipherSuite suite,
      RandomSource random,
      Executor executor) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.guest = Objects.requireNonNull(guest, "guest");
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    this.rows = Objects.requireNonNull(aligned, "aligned");
    this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
    this.suite = Objects.requireNonNull(suite, "suite");
    this.random = Objects.requireNonNull(random, "random");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.plan = new BatchPlan(aligned.rowCount(), hyperparameters);
    this.w = new double[aligned.featureCount()];
    this.optimizer = hyperparameters.optimizer().start(w.length);
    SlotLayout.requireRoom(suite, hyperparameters);
  }

  /**
   * A's weights {@code w_A}, one per feature column of its dataset.
   *
   * @return a copy of the weights
   */
  public double[] weights() {
    return w.clone();
  }

  /**
   * True once B has announced the end of training and A has applied its last update.
   *
   * @return true after the end of training
   */
  public boolean isFinished() {
    return step == Step.FINISHED;
  }

  /**
   * Why training stopped early by divergence, if it did.
   *
   * @return the divergence, or empty if training ended normally or is still running
   */
  public Optional<TrainingDivergedException> divergence() {
    return divergence;
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
   * Sets the rows A scores when B asks for predictions ({@code FlPredictRequest}), e.g. new users
   * whose ids both parties know.
   *
   * @param rows the rows to score, with as many features as A's weights
   * @throws IllegalArgumentException if the feature count differs from A's
   */
  public void serve(PartyDataset rows) {
    if (rows.featureCount() != w.length) {
      throw new IllegalArgumentException(
          "serving rows have " + rows.featureCount() + " features, model " + w.length);
    }
    this.serving = Optional.of(rows);
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
            case PUBLIC_KEY -> from.equals(guest) && onPublicKey(message.getPublicKey());
            case RESIDUAL -> from.equals(guest) && onResidual(message.getResidual());
            case MASKED_PLAINTEXTS ->
                from.equals(coordinator) && onDecrypted(message.getMaskedPlaintexts());
            case ZEROS -> from.equals(coordinator) && onZeros(message.getZeros());
            case PROCEED -> from.equals(guest) && onProceed(message.getProceed());
            case PREDICT_REQUEST -> from.equals(guest) && onPredict(message.getPredictRequest());
            case ABORT ->
                (from.equals(guest) || from.equals(coordinator))
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

  private boolean onPublicKey(FlProto.FlPublicKey key) throws InvalidFederatedMessageException {
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
    requestZeros(BatchPlan.key(0, 0));
    step = Step.AWAIT_ZEROS;
    return true;
  }

  /**
   * A needs one encryption of zero per row of a batch, one for its penalty and one to re-randomise
   * its loss share (without it, B, which made the residuals, could search for u in {@code prod_i
   * [[d_i]]^(u_i)} when a batch has few rows).
   */
  private void requestZeros(long batchKey) {
    if (BatchPlan.epochOf(batchKey) >= hyperparameters.maxEpochs()) {
      return;
    }
    FlProto.FlZerosRequest request =
        FlProto.FlZerosRequest.newBuilder()
            .setEpoch(BatchPlan.epochOf(batchKey))
            .setBatch(BatchPlan.batchOf(batchKey))
            .setCount(plan.size(BatchPlan.batchOf(batchKey)) + 2)
            .build();
    transport.send(
        coordinator,
        FlWire.encode(FlProto.FlMessage.newBuilder().setZerosRequest(request).build()));
  }

  private boolean onZeros(FlProto.FlZeros received) throws InvalidFederatedMessageException {
    if (step == Step.FINISHED && cipher != null) {
      // Zeros A fetched ahead of a batch that early stopping cancelled: expected, and unused.
      return true;
    }
    if (cipher == null) {
      return false;
    }
    long k = BatchPlan.key(received.getEpoch(), received.getBatch());
    long current = BatchPlan.key(epoch, batch);
    boolean wanted =
        (k == current && step == Step.AWAIT_ZEROS) || k == plan.successor(epoch, batch);
    if (!wanted || zeros.containsKey(k)) {
      return false;
    }
    zeros.put(
        k,
        FlWire.ciphertexts(
            received.getValuesList(), cipher, plan.size(received.getBatch()) + 2, executor));
    if (step == Step.AWAIT_ZEROS && zeros.containsKey(current)) {
      sendForward();
    }
    return true;
  }

  private void sendForward() {
    int start = plan.start(batch);
    int m = plan.size(batch);
    double[] u = rows.forward(start, m, w);
    double sumSquares = 0;
    for (int i = 0; i < m; i++) {
      sumSquares += u[i] * u[i];
    }
    double norm = 0;
    for (double v : w) {
      norm += v * v;
    }
    // B forms the squared terms of the loss from the loss shares; A adds only its L2 penalty.
    double q = m * hyperparameters.l2() / 2 * norm;
    if (!Double.isFinite(q) || !Double.isFinite(sumSquares)) {
      // Finite weights within the guard's bound can still meet extreme features.
      abort(
          "training diverged at epoch "
              + (epoch + 1)
              + ", batch "
              + (batch + 1)
              + ": party A's intermediate results are not finite; standardise the features");
      return;
    }
    BigInteger[] zero = zeros.remove(BatchPlan.key(epoch, batch));
    BigInteger[] scaledU = new BigInteger[m];
    for (int i = 0; i < m; i++) {
      scaledU[i] = FixedPoint.scaled(u[i], 1);
    }
    sentU = scaledU;
    shareZero = zero[m + 1];
    // u at scale 2, so that B's residual D = U + c / a needs no power per row (see GuestParty)
    BigInteger[] encrypted =
        Parallel.map(
            executor,
            m + 1,
            i -> cipher.addPlaintext(zero[i], fixedPoint.encode(i < m ? u[i] : q, i < m ? 2 : 1)));
    FlProto.FlForward.Builder forward =
        FlProto.FlForward.newBuilder()
            .setEpoch(epoch)
            .setBatch(batch)
            .setQA(FlWire.unsigned(encrypted[m]));
    for (int i = 0; i < m; i++) {
      forward.addUA(FlWire.unsigned(encrypted[i]));
    }
    transport.send(
        guest, FlWire.encode(FlProto.FlMessage.newBuilder().setForward(forward).build()));
    step = Step.AWAIT_RESIDUAL;
    // Fetch the next batch's zeros now, so they are here when B lets A go on.
    requestZeros(plan.successor(epoch, batch));
  }

  /** Stops training for divergence and tells B and C, so that no party waits for ever. */
  private void abort(String reason) {
    divergence = Optional.of(new TrainingDivergedException(reason));
    masks = null;
    step = Step.FINISHED;
    LOG.warn("{}", reason);
    Bytes abort = AbortMessage.encode(reason);
    transport.send(guest, abort);
    transport.send(coordinator, abort);
  }

  private boolean onAbort(NodeId from, FlProto.FlAbort abort) {
    if (step == Step.FINISHED) {
      return true; // the run is over either way
    }
    TrainingDivergedException reported =
        AbortMessage.received(from.equals(guest) ? "party B" : "coordinator C", abort);
    divergence = Optional.of(reported);
    masks = null;
    step = Step.FINISHED;
    LOG.warn("{}", reported.getMessage());
    return true;
  }

  /** The coefficient of {@code sum u_A^2} in the loss: z^2/8 for Taylor, (z-y)^2/2 for linear. */
  static double quadraticCoefficient(ModelKind kind) {
    return kind == ModelKind.LINEAR ? 0.5 : 0.125;
  }

  private boolean onResidual(FlProto.FlResidual residual) throws InvalidFederatedMessageException {
    if (step != Step.AWAIT_RESIDUAL
        || residual.getEpoch() != epoch
        || residual.getBatch() != batch) {
      return false;
    }
    int start = plan.start(batch);
    int m = plan.size(batch);
    BigInteger[] d = FlWire.ciphertexts(residual.getDList(), cipher, m, executor);
    int k = w.length;
    BigInteger[] u = sentU;
    // k gradient sums [[sum_i D_i x_ij]] where the rows live, and the loss share
    // [[sum_i D_i u_i]] here, from the forward this party sent; all scale 3
    BigInteger[] sums =
        Arrays.copyOf(rows.encryptedGradientSums(cipher, start, d, executor), k + 1);
    sums[k] = FixedPoint.dot(cipher, i -> d[i], i -> u[i], m);
    transport.send(
        guest,
        FlWire.encode(
            FlProto.FlMessage.newBuilder()
                .setLossShare(
                    FlProto.FlLossShare.newBuilder()
                        .setEpoch(epoch)
                        .setBatch(batch)
                        .setE(FlWire.unsigned(cipher.add(sums[k], shareZero))))
                .build()));
    masks = new BigInteger[k];
    for (int j = 0; j < k; j++) {
      masks[j] = layout.mask(random);
    }
    BigInteger[] hidden =
        Parallel.map(executor, k, j -> cipher.addPlaintext(sums[j], layout.shift(masks[j])));
    BigInteger[] packed = layout.pack(cipher, hidden, executor);
    transport.send(
        coordinator, FlWire.encode(FlWire.maskedRequest(epoch, batch, layout, packed, k)));
    step = Step.AWAIT_GRADIENT;
    return true;
  }

  private boolean onDecrypted(FlProto.FlMaskedPlaintexts decrypted)
      throws InvalidFederatedMessageException {
    if (step != Step.AWAIT_GRADIENT
        || decrypted.getEpoch() != epoch
        || decrypted.getBatch() != batch) {
      return false;
    }
    int m = plan.size(batch);
    String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1);
    double[] gradient = new double[w.length];
    try {
      if (FlWire.overflowed(decrypted)) {
        throw new InvalidFederatedMessageException(
            InvalidFederatedMessageException.Reason.OVERFLOW,
            "a packed gradient overflowed its slots at the coordinator; standardise the features");
      }
      BigInteger[] values = FlWire.slots(decrypted, layout, w.length);
      for (int j = 0; j < w.length; j++) {
        // the residuals are D = d / a: a power of two, so the product is exact
        gradient[j] =
            hyperparameters.kind().residualSlope()
                * FixedPoint.toDouble(layout.recover(values[j], masks[j]), 3)
                / m;
      }
    } catch (InvalidFederatedMessageException e) {
      if (e.reason() != InvalidFederatedMessageException.Reason.OVERFLOW) {
        throw e;
      }
      abort("training diverged at " + where + ": " + e.getMessage());
      return true;
    }
    for (int j = 0; j < w.length; j++) {
      gradient[j] += hyperparameters.l2() * w[j];
    }
    optimizer.step(w, gradient, hyperparameters.learningRate(), epoch);
    masks = null;
    Optional<String> diverged = DivergenceGuard.checkWeights(w, where);
    if (diverged.isPresent()) {
      abort(diverged.get());
      return true;
    }
    step = Step.AWAIT_PROCEED;
    advanceIfAllowed();
    return true;
  }

  private boolean onProceed(FlProto.FlProceed next) {
    if (step == Step.FINISHED || step == Step.AWAIT_KEY || proceed.isPresent()) {
      return false;
    }
    boolean successor =
        plan.isLast(batch)
            ? next.getEpoch() == epoch + 1 && next.getBatch() == 0
            : next.getEpoch() == epoch && next.getBatch() == batch + 1;
    if (!successor) {
      return false;
    }
    proceed = Optional.of(next);
    advanceIfAllowed();
    return true;
  }

  private void advanceIfAllowed() {
    if (step != Step.AWAIT_PROCEED || proceed.isEmpty()) {
      return;
    }
    FlProto.FlProceed next = proceed.get();
    proceed = Optional.empty();
    if (next.getStop()) {
      step = Step.FINISHED;
      return;
    }
    epoch = next.getEpoch();
    batch = next.getBatch();
    step = Step.AWAIT_ZEROS;
    if (zeros.containsKey(BatchPlan.key(epoch, batch))) {
      sendForward();
    }
  }

  private boolean onPredict(FlProto.FlPredictRequest request) {
    FlProto.FlPartialScores.Builder reply =
        FlProto.FlPartialScores.newBuilder().setRequestId(request.getRequestId());
    if (serving.isEmpty()) {
      reply.setRefusal("party A serves no rows for prediction");
    } else if (request.getIdsCount() > serving.get().rowCount()) {
      reply.setRefusal(
          request.getIdsCount()
              + " ids asked, party A serves only "
              + serving.get().rowCount()
              + " rows");
    } else {
      PartyDataset rows = serving.get();
      Map<String, Integer> index = new HashMap<>();
      List<String> ids = rows.ids();
      for (int i = 0; i < ids.size(); i++) {
        index.put(ids.get(i), i);
      }
      double[] scores = new double[request.getIdsCount()];
      int unknown = 0;
      for (int k = 0; k < scores.length; k++) {
        Integer i = index.get(request.getIds(k));
        if (i == null) {
          unknown++;
          continue;
        }
        double[] row = rows.row(i);
        for (int j = 0; j < w.length; j++) {
          scores[k] += row[j] * w[j];
        }
      }
      if (unknown > 0) {
        // The count, not the ids: B learns no more than that its list and A's differ.
        reply.setRefusal(unknown + " of " + scores.length + " ids are not served by party A");
      } else {
        for (double s : scores) {
          reply.addScores(s);
        }
      }
    }
    transport.send(
        guest, FlWire.encode(FlProto.FlMessage.newBuilder().setPartialScores(reply).build()));
    return true;
  }
}

package org.cybervein.fl.transfer;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cybervein.api.NodeId;
import org.cybervein.api.net.Transport;
import org.cybervein.api.random.RandomSource;
import org.cybervein.api.time.Clock;
import org.cybervein.api.wire.v1.FtlProto;
import org.cybervein.fl.InvalidFederatedMessageException;
import org.cybervein.fl.data.PartyDataset;
import org.cybervein.fl.model.TrainingListener;
import org.cybervein.fl.vertical.CipherSuite;

/**
 * Party A of transfer learning: holds features of its users and no labels, shares a few users with
 * B, and wants scores for the others. It learns its representation {@code u_A = tanh(W_A [x; 1])}
 * and, after training, scores any of its users without ever seeing B's {@code Phi}: B sends {@code
 * [[Phi]]} under B's key, A computes {@code [[Phi . u_A]]} itself, masks it, and B decrypts only
 * the masked value. What A receives is B's public key, ciphertexts under B's key, masked residues
 * of its own gradients and scores, and the loss of each epoch: never a label, B's features, B's
 * representation or {@code Phi} in plaintext.
 *
 * <p>Per epoch A sends {@code [[u_A,i]]} for the overlap rows and {@code [[K]] = [[sum_i u_A,i
 * u_A,i^T]]} under its own key, receives B's {@code [[h_i]]} and {@code [[M]]} under B's key, and
 * forms its gradient {@code sum_i (1 - u_A^2) x (h_i + M u_A,i) / N} by scalar multiplications; the
 * alignment's own part {@code 2 gamma u_A,i} and the L2 term it adds in plaintext. It also decrypts
 * B's masked gradients and B's share of the loss.
 *
 * <p>A pure core (see {@link #onMessage}): it never throws on peer input; invalid or untimely
 * messages are dropped and counted.
 */
public final class TransferHostParty extends TransferPeer {
  private final double[][] x;
  private final Representation layer;
  private double[][] u;
  private double penaltyAtStart;
  private Optional<BigInteger[]> encryptedPhi = Optional.empty();
  private final Map<Long, BigInteger[]> pendingMasks = new TreeMap<>();
  private final Map<Long, double[]> scores = new TreeMap<>();
  private long nextRequest;

  /**
   * Creates party A.
   *
   * @param transport A's transport; the caller registers {@link #onMessage} on it
   * @param guest party B's address
   * @param data A's users, the shared ones among them
   * @param overlapIds the shared users' ids in the order both parties agreed (from {@code
   *     org.cybervein.fl.alignment}, or given); every id must be in {@code data}
   * @param settings the settings B uses too
   * @param suite the cipher both parties use
   * @param random A's randomness (its key, encryptions, masks)
   * @param clock for the elapsed times the listener hears
   * @param listener told after every epoch
   * @throws IllegalArgumentException if an overlap id is not among A's users or repeats, or there
   *     are none
   */
  public TransferHostParty(
      Transport transport,
      NodeId guest,
      PartyDataset data,
      List<String> overlapIds,
      TransferSettings settings,
      CipherSuite suite,
      RandomSource random,
      Clock clock,
      TrainingListener listener) {
    super(transport, guest, overlapIds, settings, suite, random, clock, listener);
    PartyDataset shared = data.select(overlapIds);
    this.x = new double[shared.rowCount()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = Representation.withBias(shared.row(i));
    }
    this.layer =
        new Representation(settings.dimension(), data.featureCount(), settings.initSeed(), "A");
  }

  /**
   * A's representation weights {@code W_A}, one row per unit, the bias last.
   *
   * @return a copy of the weights
   */
  public double[][] weights() {
    return layer.weights();
  }

  /**
   * True once B's encrypted {@code [[Phi]]} has arrived, so that {@link #requestScores} can run.
   *
   * @return true when A can score
   */
  public boolean canScore() {
    return encryptedPhi.isPresent();
  }

  /**
   * Starts scoring {@code rows} (A's users, e.g. those outside the overlap): A sends B the masked
   * encrypted scores, and {@link #scores(long)} holds them once B's answer arrives.
   *
   * @param rows the users to score, with A's features
   * @return the request's id
   * @throws IllegalStateException if {@link #canScore()} is false
   * @throws IllegalArgumentException if the rows have another feature count or are too many
   */
  public long requestScores(PartyDataset rows) {
    if (encryptedPhi.isEmpty()) {
      throw new IllegalStateException("B's encrypted Phi has not arrived yet");
    }
    if (rows.featureCount() != features() || rows.rowCount() > TransferWire.MAX_SCORE_ROWS) {
      throw new IllegalArgumentException(
          rows.rowCount() + " rows of " + rows.featureCount() + " features to score");
    }
    BigInteger[] phi = encryptedPhi.get();
    long id = nextRequest++;
    BigInteger[] masks = new BigInteger[rows.rowCount()];
    FtlProto.FtlMaskedScores.Builder request =
        FtlProto.FtlMaskedScores.newBuilder().setRequestId(id);
    for (int r = 0; r < masks.length; r++) {
      double[] representation = layer.forward(Representation.withBias(rows.row(r)));
      masks[r] = peerFixedPoint.uniform(random);
      request.addValues(
          TransferWire.unsigned(peerCipher.addPlaintext(peerDot(phi, representation), masks[r])));
    }
    pendingMasks.put(id, masks);
    send(FtlProto.FtlMessage.newBuilder().setMaskedScores(request).build());
    return id;
  }

  /**
   * The scores {@code Phi . u_A} of a request, once B has answered.
   *
   * @param requestId the id {@link #requestScores} returned
   * @return the scores in the rows' order, or empty while the answer is outstanding
   */
  public Optional<double[]> scores(long requestId) {
    return Optional.ofNullable(scores.get(requestId)).map(double[]::clone);
  }

  @Override
  int features() {
    return x[0].length - 1;
  }

  @Override
  double[] forwardValues() {
    u = layer.forward(x);
    penaltyAtStart = settings.l2() / 2 * layer.squaredNorm();
    int d = dimension();
    double[] out = new double[forwardCount()];
    int base = overlap * d;
    for (int i = 0; i < overlap; i++) {
      System.arraycopy(u[i], 0, out, i * d, d);
      for (int m = 0; m < d; m++) {
        for (int l = 0; l < d; l++) {
          out[base + m * d + l] += u[i][m] * u[i][l];
        }
      }
    }
    return out;
  }

  /**
   * {@code [[g_mj]] = sum_i c_imj [[h_im]] + sum_l (sum_i c_imj u_il) [[M_ml]]} with {@code c_imj =
   * (1 - u_im^2) x_ij / N}: one weighted sum of N + d ciphertexts per weight.
   */
  @Override
  BigInteger[] encryptedGradient(BigInteger[] peerForward) {
    u = layer.forward(x);
    int d = dimension();
    int inputs = layer.inputs();
    BigInteger[] terms = new BigInteger[overlap + d];
    BigInteger[] out = new BigInteger[d * inputs];
    double[] k = new double[overlap + d];
    for (int m = 0; m < d; m++) {
      for (int i = 0; i < overlap; i++) {
        terms[i] = peerForward[i * d + m];
      }
      for (int l = 0; l < d; l++) {
        terms[overlap + l] = peerForward[overlap * d + m * d + l];
      }
      for (int j = 0; j < inputs; j++) {
        java.util.Arrays.fill(k, 0);
        for (int i = 0; i < overlap; i++) {
          double c = (1 - u[i][m] * u[i][m]) * x[i][j] / overlap;
          k[i] = c;
          for (int l = 0; l < d; l++) {
            k[overlap + l] += c * u[i][l];
          }
        }
        out[m * inputs + j] = peerDot(terms, k);
      }
    }
    return out;
  }

  @Override
  Optional<BigInteger> encryptedLossShare(BigInteger[] peerForward) {
    return Optional.empty();
  }

  @Override
  double ownLossTerm() {
    return penaltyAtStart;
  }

  @Override
  boolean peerSendsLoss() {
    return true;
  }

  @Override
  double[] applyGradient(double[] encryptedPart) {
    int d = dimension();
    int inputs = layer.inputs();
    double[][] alignment = new double[overlap][d];
    for (int i = 0; i < overlap; i++) {
      for (int m = 0; m < d; m++) {
        alignment[i][m] = 2 * settings.gamma() * u[i][m] / overlap;
      }
    }
    double[][] gradient = Representation.backward(x, u, alignment, inputs);
    for (int m = 0; m < d; m++) {
      for (int j = 0; j < inputs; j++) {
        gradient[m][j] += encryptedPart[m * inputs + j];
      }
    }
    layer.addPenaltyGradient(gradient, settings.l2());
    layer.step(gradient, settings.learningRate());
    return layer.flatWeights();
  }

  @Override
  boolean onOther(FtlProto.FtlMessage message) throws InvalidFederatedMessageException {
    return switch (message.getBodyCase()) {
      case ENCRYPTED_PHI -> onEncryptedPhi(message.getEncryptedPhi());
      case DECRYPTED_SCORES -> onDecryptedScores(message.getDecryptedScores());
      default -> false;
    };
  }

  private boolean onEncryptedPhi(FtlProto.FtlEncryptedPhi phi)
      throws InvalidFederatedMessageException {
    if (!isTrainingDone() || divergence().isPresent() || encryptedPhi.isPresent()) {
      return false;
    }
    encryptedPhi =
        Optional.of(TransferWire.ciphertexts(phi.getValuesList(), peerCipher, dimension()));
    return true;
  }

  private boolean onDecryptedScores(FtlProto.FtlDecryptedScores decrypted)
      throws InvalidFederatedMessageException {
    BigInteger[] masks = pendingMasks.get(decrypted.getRequestId());
    if (masks == null) {
      return false;
    }
    BigInteger n = peerFixedPoint.modulus();
    BigInteger[] values = TransferWire.residues(decrypted.getValuesList(), n, masks.length);
    double[] out = new double[masks.length];
    for (int r = 0; r < out.length; r++) {
      out[r] = peerFixedPoint.decode(values[r].subtract(masks[r]).mod(n), RESULT_SCALE);
    }
    pendingMasks.remove(decrypted.getRequestId());
    scores.put(decrypted.getRequestId(), out);
    return true;
  }

  @Override
  void onTrainingDone() {}
}

package org.cybervein.fl.transfer;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Party B of transfer learning: holds features and labels (0 or 1) of its users, a few of whom A
 * has too. It learns its representation {@code u_B = tanh(W_B [x; 1])} and {@code Phi = mean_k y_k
 * u_B,k} over all its labelled users ({@code y} in {-1, +1}), which is what carries its labels to
 * A's users. What B receives is A's public key, ciphertexts under A's key, masked residues of its
 * own gradients, the loss of each epoch and, when A scores, masked scores: never A's features, A's
 * representation or any score in plaintext.
 *
 * <p>Per epoch B sends {@code [[h_i]]} with {@code h_i = -y_i Phi / 2 - 2 gamma u_B,i} for the
 * overlap rows and {@code [[M]] = [[Phi Phi^T / 4]]} under its own key, receives A's {@code
 * [[u_A,i]]} and {@code [[K]]} under A's key, and forms the encrypted part of its gradient (through
 * {@code Phi} and the alignment term) by scalar multiplications; its own loss over all its users
 * (the source term), the alignment's own part and the L2 term it adds in plaintext. In the first
 * round of each epoch it also sends its share of the loss under A's key, which A completes and
 * returns.
 *
 * <p>A pure core (see {@link #onMessage}): it never throws on peer input; invalid or untimely
 * messages are dropped and counted.
 */
public final class TransferGuestParty extends TransferPeer {
  private final double[][] x;
  private final double[] y;
  private final int[] overlapRows;
  private final Representation layer;
  private double[][] u;
  private double[] phi;
  private boolean phiSent;

  /**
   * Creates party B.
   *
   * @param transport B's transport; the caller registers {@link #onMessage} on it
   * @param host party A's address
   * @param labelled B's users with labels 0 or 1, the shared ones among them
   * @param overlapIds the shared users' ids in the order both parties agreed; every id must be in
   *     {@code labelled}
   * @param settings the settings A uses too
   * @param suite the cipher both parties use
   * @param random B's randomness (its key, encryptions, masks)
   * @param clock for the elapsed times the listener hears
   * @param listener told after every epoch
   * @throws IllegalArgumentException if the data has no labels, a label is not 0 or 1, an overlap
   *     id is unknown, or there are no shared users
   */
  public TransferGuestParty(
      Transport transport,
      NodeId host,
      PartyDataset labelled,
      List<String> overlapIds,
      TransferSettings settings,
      CipherSuite suite,
      RandomSource random,
      Clock clock,
      TrainingListener listener) {
    super(transport, host, overlapIds, settings, suite, random, clock, listener);
    double[] labels =
        labelled.labels().orElseThrow(() -> new IllegalArgumentException("B needs labels"));
    this.x = new double[labelled.rowCount()][];
    this.y = new double[labels.length];
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < x.length; k++) {
      x[k] = Representation.withBias(labelled.row(k));
      if (labels[k] != 0 && labels[k] != 1) {
        throw new IllegalArgumentException("labels must be 0 or 1, got " + labels[k]);
      }
      y[k] = 2 * labels[k] - 1;
      index.put(labelled.ids().get(k), k);
    }
    this.overlapRows = new int[overlapIds.size()];
    for (int i = 0; i < overlapRows.length; i++) {
      Integer k = index.get(overlapIds.get(i));
      if (k == null) {
        throw new IllegalArgumentException("overlap id " + overlapIds.get(i) + " is not B's");
      }
      overlapRows[i] = k;
    }
    this.layer =
        new Representation(settings.dimension(), labelled.featureCount(), settings.initSeed(), "B");
  }

  /**
   * B's representation weights {@code W_B}, one row per unit, the bias last.
   *
   * @return a copy of the weights
   */
  public double[][] weights() {
    return layer.weights();
  }

  /**
   * {@code Phi} at the current weights: the vector that scores a representation. B's secret.
   *
   * @return {@code mean_k y_k u_B,k}
   */
  public double[] phi() {
    return phiOf(layer.forward(x));
  }

  private double[] phiOf(double[][] representations) {
    double[] out = new double[dimension()];
    for (int k = 0; k < representations.length; k++) {
      for (int m = 0; m < out.length; m++) {
        out[m] += y[k] * representations[k][m] / representations.length;
      }
    }
    return out;
  }

  private void refresh() {
    u = layer.forward(x);
    phi = phiOf(u);
  }

  @Override
  int features() {
    return x[0].length - 1;
  }

  @Override
  double[] forwardValues() {
    refresh();
    int d = dimension();
    double[] out = new double[forwardCount()];
    for (int i = 0; i < overlap; i++) {
      double[] ub = u[overlapRows[i]];
      double yi = y[overlapRows[i]];
      for (int m = 0; m < d; m++) {
        out[i * d + m] = -yi * phi[m] / 2 - 2 * settings.gamma() * ub[m];
      }
    }
    int base = overlap * d;
    for (int m = 0; m < d; m++) {
      for (int l = 0; l < d; l++) {
        out[base + m * d + l] = phi[m] * phi[l] / 4;
      }
    }
    return out;
  }

  /**
   * {@code [[g_mj]] = sum_i a_imj [[u_A,im]] + sum_l b_mlj [[K_ml]]}: through {@code Phi}, {@code
   * dL/dPhi_m = sum_i (-y_i / 2N) u_A,im + sum_l (Phi_l / 4N) K_ml} times {@code S_mj = sum_k (y_k
   * / N_B) (1 - u_B,km^2) x_kj}; through the alignment, {@code -2 gamma / N (1 - u_B,im^2) x_ij} on
   * {@code u_A,im}.
   */
  @Override
  BigInteger[] encryptedGradient(BigInteger[] peerForward) {
    refresh();
    int d = dimension();
    int inputs = layer.inputs();
    int nb = x.length;
    double[][] s = new double[d][inputs];
    for (int k = 0; k < nb; k++) {
      for (int m = 0; m < d; m++) {
        double c = y[k] / nb * (1 - u[k][m] * u[k][m]);
        for (int j = 0; j < inputs; j++) {
          s[m][j] += c * x[k][j];
        }
      }
    }
    BigInteger[] terms = new BigInteger[overlap + d];
    double[] coefficients = new double[overlap + d];
    BigInteger[] out = new BigInteger[d * inputs];
    for (int m = 0; m < d; m++) {
      for (int i = 0; i < overlap; i++) {
        terms[i] = peerForward[i * d + m];
      }
      for (int l = 0; l < d; l++) {
        terms[overlap + l] = peerForward[overlap * d + m * d + l];
      }
      for (int j = 0; j < inputs; j++) {
        for (int i = 0; i < overlap; i++) {
          int k = overlapRows[i];
          coefficients[i] =
              s[m][j] * (-y[k] / 2 / overlap)
                  - 2 * settings.gamma() / overlap * (1 - u[k][m] * u[k][m]) * x[k][j];
        }
        for (int l = 0; l < d; l++) {
          coefficients[overlap + l] = s[m][j] * phi[l] / 4 / overlap;
        }
        out[m * inputs + j] = peerDot(terms, coefficients);
      }
    }
    return out;
  }

  /**
   * {@code [[L_B]]}: the target and alignment terms over A's ciphertexts ({@code sum_im h_im / N
   * [[u_A,im]] + sum_ml (Phi_m Phi_l / 8N + gamma / N [m = l]) [[K_ml]]}) plus, in plaintext,
   * {@code log 2}, {@code gamma / N sum |u_B,i|^2}, the source term and B's L2 term.
   */
  @Override
  Optional<BigInteger> encryptedLossShare(BigInteger[] peerForward) {
    int d = dimension();
    double gamma = settings.gamma();
    double[] coefficients = new double[forwardCount()];
    double plain = Math.log(2);
    for (int i = 0; i < overlap; i++) {
      int k = overlapRows[i];
      for (int m = 0; m < d; m++) {
        coefficients[i * d + m] = (-y[k] * phi[m] / 2 - 2 * gamma * u[k][m]) / overlap;
        plain += gamma * u[k][m] * u[k][m] / overlap;
      }
    }
    int base = overlap * d;
    for (int m = 0; m < d; m++) {
      for (int l = 0; l < d; l++) {
        coefficients[base + m * d + l] =
            phi[m] * phi[l] / 8 / overlap + (m == l ? gamma / overlap : 0);
      }
    }
    plain += settings.sourceWeight() * sourceLoss() + settings.l2() / 2 * layer.squaredNorm();
    BigInteger encrypted = peerDot(peerForward, coefficients);
    return Optional.of(
        peerCipher.addPlaintext(encrypted, peerFixedPoint.encode(plain, RESULT_SCALE)));
  }

  /** B's own Taylor loss over all its labelled users, at the current weights. */
  private double sourceLoss() {
    double sum = 0;
    for (int k = 0; k < x.length; k++) {
      double score = dot(phi, u[k]);
      sum += Math.log(2) - y[k] * score / 2 + score * score / 8;
    }
    return sum / x.length;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Override
  double ownLossTerm() {
    return 0;
  }

  @Override
  boolean peerSendsLoss() {
    return false;
  }

  /** Adds the plaintext parts: the alignment's own term, the source term and L2. */
  @Override
  double[] applyGradient(double[] encryptedPart) {
    int d = dimension();
    int inputs = layer.inputs();
    int nb = x.length;
    double[][] dLdu = new double[nb][d];
    double w = settings.sourceWeight();
    if (w > 0) {
      double[] dPhi = new double[d];
      for (int k = 0; k < nb; k++) {
        double r = (-y[k] / 2 + dot(phi, u[k]) / 4) / nb;
        for (int m = 0; m < d; m++) {
          dLdu[k][m] += w * r * phi[m];
          dPhi[m] += r * u[k][m];
        }
      }
      for (int k = 0; k < nb; k++) {
        for (int m = 0; m < d; m++) {
          dLdu[k][m] += w * y[k] / nb * dPhi[m];
        }
      }
    }
    for (int i = 0; i < overlap; i++) {
      int k = overlapRows[i];
      for (int m = 0; m < d; m++) {
        dLdu[k][m] += 2 * settings.gamma() * u[k][m] / overlap;
      }
    }
    double[][] gradient = Representation.backward(x, u, dLdu, inputs);
    for (int m = 0; m < d; m++) {
      for (int j = 0; j < inputs; j++) {
        gradient[m][j] += encryptedPart[m * inputs + j];
      }
    }
    layer.addPenaltyGradient(gradient, settings.l2());
    layer.step(gradient, settings.learningRate());
    return layer.flatWeights();
  }

  /** Sends {@code [[Phi]]} under B's own key, so that A can score without learning it. */
  @Override
  void onTrainingDone() {
    if (divergence().isPresent()) {
      return;
    }
    double[] finalPhi = phi();
    FtlProto.FtlEncryptedPhi.Builder message = FtlProto.FtlEncryptedPhi.newBuilder();
    for (double v : finalPhi) {
      message.addValues(TransferWire.unsigned(encryptOwn(v)));
    }
    send(FtlProto.FtlMessage.newBuilder().setEncryptedPhi(message).build());
    phiSent = true;
  }

  @Override
  boolean onOther(FtlProto.FtlMessage message) throws InvalidFederatedMessageException {
    if (message.getBodyCase() != FtlProto.FtlMessage.BodyCase.MASKED_SCORES || !phiSent) {
      return false;
    }
    FtlProto.FtlMaskedScores request = message.getMaskedScores();
    int count = request.getValuesCount();
    if (count < 1 || count > TransferWire.MAX_SCORE_ROWS) {
      throw new InvalidFederatedMessageException(
          InvalidFederatedMessageException.Reason.WRONG_LENGTH, count + " scores to decrypt");
    }
    BigInteger[] values =
        TransferWire.ciphertexts(request.getValuesList(), ownKey.publicKey(), count);
    FtlProto.FtlDecryptedScores.Builder reply =
        FtlProto.FtlDecryptedScores.newBuilder().setRequestId(request.getRequestId());
    for (BigInteger c : values) {
      reply.addValues(TransferWire.unsigned(ownKey.decrypt(c)));
    }
    send(FtlProto.FtlMessage.newBuilder().setDecryptedScores(reply).build());
    return true;
  }
}

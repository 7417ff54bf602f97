package org.cybervein.node;

import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.chain.ChainParameters;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.dataset.DataSetContract;
import org.cybervein.ledger.contract.dataset.DataSetFees;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.contract.poc.PocRules;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.storageproofs.pospace.GraphParameters;

/**
 * The consensus rules of the data flow's ledger, equal at every storage node and account: the
 * proof-of-space graph and node counts, the Proof of Contribution chain's parameters (challenge
 * lag, storage challenges, block reward, block interval), and the data set contract's fees. They
 * are the ones of the in-JVM {@code DataFlowScene} of the examples, with a shorter block interval
 * so that a cluster on one machine produces a block every half second.
 */
final class DataFlowLedger {
  static final GraphParameters GRAPH =
      new GraphParameters(4, 4, 4, GraphParameters.DEFAULT_GRAPH_SEED);

  /** Bandwidth windows of a million blocks: receipts of window 0 count for the whole test run. */
  static final PocRules RULES = new PocRules(GRAPH, 1 << 9, 1 << 13, 4, 1_000_000);

  static final Amount REWARD = Amount.ofCvt(50);
  static final long BLOCK_INTERVAL_MILLIS = 500;
  static final ChainParameters PARAMETERS =
      new ChainParameters(3, 6, REWARD, BLOCK_INTERVAL_MILLIS, 5_000, 16, RULES);
  static final Amount TX_FEE = Amount.ofBaseUnits(100_000);

  /** Upload fee 1 CVT + 2 CVT per MiB; the network keeps 20 % of each download fee. */
  static final DataSetFees FEES = new DataSetFees(Amount.ofCvt(1), Amount.ofCvt(2), 2_000);

  /** Labels (N / 32 bytes) of the i-th storage node's space, cycling: unequal nodes, as in life. */
  private static final long[] LABELS = {1 << 10, 1 << 11, 1 << 12};

  private DataFlowLedger() {}

  static long labelsOf(int storageIndex) {
    return LABELS[storageIndex % LABELS.length];
  }

  /** The contracts every node runs: {@code poc} and {@code dataset}. */
  static ContractRegistry registry() {
    return ContractRegistry.of(new PocContract(RULES), new DataSetContract(FEES));
  }

  /** A signed call of contract {@code id} from {@code from}'s account at {@code nonce}. */
  static SignedTransaction call(Ed25519PrivateKey from, long nonce, ContractId id, Bytes input) {
    return SignedTransaction.sign(
        new Transaction(from.publicKey(), nonce, TX_FEE, new ContractCall(id, input)), from);
  }
}

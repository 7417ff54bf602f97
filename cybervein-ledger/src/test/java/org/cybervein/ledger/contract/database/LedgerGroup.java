package org.cybervein.ledger.contract.database;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.cybervein.api.Amount;
import org.cybervein.api.NodeId;
import org.cybervein.api.random.DeterministicRandom;
import org.cybervein.consensus.pbft.AuthMode;
import org.cybervein.consensus.pbft.NodeKeys;
import org.cybervein.consensus.pbft.PeerIdentity;
import org.cybervein.consensus.pbft.ReplicaConfig;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.state.BlockContext;
import org.cybervein.ledger.state.Genesis;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.state.RewardShare;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;

/**
 * A PBFT group whose database lives in a ledger: n replicas with node keys (PBFT) and account keys
 * (ledger), a ledger state whose genesis funds the accounts, and the database created on it with
 * member i = (account i, node key i).
 */
final class LedgerGroup {
  static final Amount FEE = Amount.ofBaseUnits(10);
  static final long FUNDS = 1_000_000;

  final List<NodeKeys> nodeKeys = new ArrayList<>();
  final List<Ed25519PrivateKey> accounts = new ArrayList<>();
  final NodeKeys outsider;
  final Ed25519PrivateKey attacker;
  final ReplicaConfig config;
  final LedgerState state;
  final DatabaseId database;
  final List<SignedTransaction> mempool = new ArrayList<>();
  final Address producer;
  long blockIndex;

  LedgerGroup(long seed, int n) {
    DeterministicRandom random = DeterministicRandom.fromSeed(seed);
    List<PeerIdentity> ids = new ArrayList<>();
    TreeMap<Address, Amount> alloc = new TreeMap<>();
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NodeKeys k = NodeKeys.generate(random);
      nodeKeys.add(k);
      ids.add(k.identity(NodeId.of("r" + i)));
      Ed25519PrivateKey account = Ed25519PrivateKey.generate(random);
      accounts.add(account);
      alloc.put(Address.of(account.publicKey()), Amount.ofBaseUnits(FUNDS));
      members.add(new Member(Address.of(account.publicKey()), k.signingKey().publicKey()));
    }
    outsider = NodeKeys.generate(random);
    attacker = Ed25519PrivateKey.generate(random);
    alloc.put(Address.of(attacker.publicKey()), Amount.ofBaseUnits(FUNDS));
    producer = Address.of(Ed25519PrivateKey.generate(random).publicKey());
    config = ReplicaConfig.of(ids, AuthMode.SIGNATURES);
    state =
        LedgerState.inMemory(new Genesis(alloc, FEE), ContractRegistry.of(new DatabaseContract()));
    Ed25519PrivateKey creator = accounts.get(0);
    SignedTransaction create =
        SignedTransaction.sign(
            new Transaction(
                creator.publicKey(),
                0,
                FEE,
                new ContractCall(
                    DatabaseContract.ID, new DatabaseCall.Create("db", members).encode())),
            creator);
    try {
      state.apply(nextBlock(), List.of(create));
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
    database = DatabaseId.of(Address.of(creator.publicKey()), "db");
  }

  BlockContext nextBlock() {
    blockIndex++;
    return new BlockContext(
        blockIndex,
        1_000 * blockIndex,
        Amount.ZERO,
        List.of(new RewardShare(producer, BigInteger.ONE)));
  }

  /** A submitter that applies each transaction at once in a block of its own. */
  LedgerLogContract.TransactionSubmitter immediate() {
    return tx -> {
      state.apply(nextBlock(), List.of(tx));
    };
  }

  /** A submitter that queues transactions until {@link #produceBlock}. */
  LedgerLogContract.TransactionSubmitter queued() {
    return mempool::add;
  }

  /** Applies what a producer selects from the mempool; returns how many were included. */
  int produceBlock() {
    if (mempool.isEmpty()) {
      return 0;
    }
    BlockContext block = nextBlock();
    List<SignedTransaction> chosen = state.selectApplicable(block, mempool);
    try {
      state.apply(block, chosen);
    } catch (InvalidLedgerInputException e) {
      throw new AssertionError(e);
    }
    mempool.clear();
    return chosen.size();
  }

  /** Replica i's log contract. */
  LedgerLogContract contract(int i, LedgerLogContract.TransactionSubmitter submitter) {
    return new LedgerLogContract(state, database, accounts.get(i), FEE, submitter);
  }
}

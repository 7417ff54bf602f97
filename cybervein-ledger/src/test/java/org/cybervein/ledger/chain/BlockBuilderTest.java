package org.cybervein.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cybervein.api.Amount;
import org.cybervein.api.Bytes;
import org.cybervein.crypto.sign.Ed25519PrivateKey;
import org.cybervein.ledger.account.Address;
import org.cybervein.ledger.block.Block;
import org.cybervein.ledger.contract.CallContext;
import org.cybervein.ledger.contract.ContractId;
import org.cybervein.ledger.contract.ContractRegistry;
import org.cybervein.ledger.contract.NativeContract;
import org.cybervein.ledger.contract.poc.PocContract;
import org.cybervein.ledger.state.LedgerState;
import org.cybervein.ledger.testing.ChainFixture;
import org.cybervein.ledger.testing.PocFixtures;
import org.cybervein.ledger.testing.PocFixtures.Contributor;
import org.cybervein.ledger.transaction.ContractCall;
import org.cybervein.ledger.transaction.SignedTransaction;
import org.cybervein.ledger.transaction.Transaction;
import org.cybervein.ledger.transaction.Transfer;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockBuilder} keeps a block within {@link Block#MAX_ENCODED_SIZE} whatever it is given.
 */
class BlockBuilderTest {
  private static final long NOW = Long.MAX_VALUE / 2;

  /** A contract that takes any input and does nothing: large applicable transactions. */
  private static final NativeContract SINK =
      new NativeContract() {
        @Override
        public ContractId id() {
          return new ContractId("sink", 1);
        }

        @Override
        public void call(CallContext context, Bytes input) {}
      };

  private final ChainFixture fx =
      new ChainFixture(
          PocFixtures.PARAMETERS, 42, new long[] {1 << 10, 1 << 11}, new long[] {4000, 1000});

  private Chain chain() throws Exception {
    return ChainGenesis.start(
        PocFixtures.PARAMETERS,
        LedgerState.inMemory(
            fx.genesis, ContractRegistry.of(new PocContract(PocFixtures.RULES), SINK)),
        fx.genesisTransactions,
        ChainFixture.GENESIS_TIME);
  }

  private static SignedTransaction call(Ed25519PrivateKey from, long nonce, int size) {
    return SignedTransaction.sign(
        new Transaction(
            from.publicKey(),
            nonce,
            ChainFixture.FEE,
            new ContractCall(SINK.id(), Bytes.of(new byte[size]))),
        from);
  }

  private static SignedTransaction transfer(Ed25519PrivateKey from, long nonce) {
    return SignedTransaction.sign(
        new Transaction(
            from.publicKey(),
            nonce,
            ChainFixture.FEE,
            new Transfer(Address.of(from.publicKey()), Amount.ofBaseUnits(1))),
        from);
  }

  @Test
  void capsTheTransactionsOfAnOversizedMempoolByBytes() throws Exception {
    Chain chain = chain();
    Contributor producer = fx.contributors.get(0);
    Ed25519PrivateKey other = fx.contributors.get(1).key();
    List<SignedTransaction> mempool = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      mempool.add(call(fx.user, n, 250_000)); // about 4.8 MiB in all
    }
    // The user's next nonce after the last call that fits, and another sender's small transfer.
    SignedTransaction dependent = transfer(fx.user, 17);
    mempool.add(17, dependent);
    SignedTransaction independent = transfer(other, 2);
    mempool.add(independent);
    long total = 0;
    for (SignedTransaction t : mempool) {
      total += t.encoded().size();
    }
    assertTrue(total > Block.MAX_ENCODED_SIZE, "the mempool is larger than a block");

    Block block =
        BlockBuilder.build(
            chain,
            producer.key(),
            producer.prover(),
            List.of(),
            mempool,
            chain.tipTimeMillis() + PocFixtures.PARAMETERS.blockIntervalMillis(),
            Optional.empty());

    assertTrue(block.encoded().size() <= Block.MAX_ENCODED_SIZE);
    List<Bytes> included = block.tau().transactions();
    // 16 calls fit (nonces 0 to 15); the 17th does not, so the transfer after it cannot apply.
    assertEquals(17, included.size());
    for (int n = 0; n < 16; n++) {
      assertEquals(mempool.get(n).encoded(), included.get(n));
    }
    assertFalse(included.contains(dependent.encoded()));
    assertEquals(independent.encoded(), included.get(16));
    chain.submit(block, NOW);
    assertEquals(block.id(), chain.tipId());
  }

  @Test
  void fittingSkipsWhatDoesNotFitAndCountsFraming() {
    List<SignedTransaction> txs =
        List.of(call(fx.user, 0, 100), call(fx.user, 1, 1000), call(fx.user, 2, 100));
    long small = BlockBuilder.framedSize(txs.get(0).encoded().size());
    assertEquals(txs.get(0).encoded().size() + 1 + 2, small, "a tag and a two-byte length prefix");
    long room = small + BlockBuilder.framedSize(txs.get(2).encoded().size());
    assertEquals(List.of(txs.get(0), txs.get(2)), BlockBuilder.fitting(txs, room));
    assertEquals(List.of(txs.get(0)), BlockBuilder.fitting(txs, room - 1));
  }
}

package org.cybervein.ledger.contract.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.cybervein.api.Amount;
import org.cybervein.ledger.InvalidLedgerInputException;
import org.cybervein.ledger.InvalidLedgerInputException.Reason;
import org.cybervein.ledger.contract.Keys;
import org.cybervein.ledger.contract.TestLedger;
import org.junit.jupiter.api.Test;

/** The member list never grows past {@link Database#MAX_MEMBERS}, by application or by vote. */
class DatabaseMembershipLimitTest {
  private final DatabaseContract contract = new DatabaseContract();
  private final TestLedger ledger = new TestLedger();
  private final DatabaseId id = DatabaseId.of(Keys.address(0), "full");

  private void call(int who, DatabaseCall call) throws InvalidLedgerInputException {
    ledger.call(contract, Keys.key(who), call.encode());
  }

  private int members() {
    return DatabaseContract.database(k -> ledger.entry(DatabaseContract.ID, k), id)
        .orElseThrow()
        .members()
        .size();
  }

  @Test
  void theVoteThatWouldAdmitAHundredAndFirstMemberIsRefusedWithAReason() throws Exception {
    // Members are accounts 1000..1098 with node keys 2000..2098: 99 of them, one place left.
    List<Member> list = new ArrayList<>();
    for (int i = 0; i < Database.MAX_MEMBERS - 1; i++) {
      list.add(new Member(Keys.address(1000 + i), Keys.key(2000 + i)));
      ledger.fund(Keys.address(1000 + i), Amount.ofCvt(1));
    }
    call(0, new DatabaseCall.Create("full", list));
    // Two nodes apply while there is room for one.
    call(1, new DatabaseCall.Apply(id, Keys.key(3001)));
    call(2, new DatabaseCall.Apply(id, Keys.key(3002)));
    // The second gathers approvals short of passing, then the first is admitted.
    int needed = 2 * (Database.MAX_MEMBERS - 1) / 3 + 1;
    for (int i = 0; i < needed - 1; i++) {
      call(1000 + i, new DatabaseCall.Vote(id, Keys.address(2), true));
    }
    for (int i = 0; i < needed; i++) {
      call(1000 + i, new DatabaseCall.Vote(id, Keys.address(1), true));
    }
    assertEquals(Database.MAX_MEMBERS, members());

    String before = ledger.fingerprint();
    InvalidLedgerInputException e =
        assertThrows(
            InvalidLedgerInputException.class,
            () -> call(1000 + needed, new DatabaseCall.Vote(id, Keys.address(2), true)));
    assertEquals(Reason.CONTRACT_RULE, e.reason());
    assertTrue(e.getMessage().contains("full"), e.getMessage());
    assertEquals(before, ledger.fingerprint());
    assertEquals(Database.MAX_MEMBERS, members());
    // Rejections by the 34 members who have not voted on it still close the application.
    for (int i = needed - 1; i < Database.MAX_MEMBERS - 1; i++) {
      call(1000 + i, new DatabaseCall.Vote(id, Keys.address(2), false));
    }
    call(1, new DatabaseCall.Vote(id, Keys.address(2), false));
    assertTrue(
        DatabaseContract.application(k -> ledger.entry(DatabaseContract.ID, k), id, Keys.address(2))
            .isEmpty());
  }
}

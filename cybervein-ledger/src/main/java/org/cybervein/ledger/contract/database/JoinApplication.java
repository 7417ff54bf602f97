package org.cybervein.ledger.contract.database;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.cybervein.api.PublicKey;
import org.cybervein.ledger.account.Address;

/**
 * A node's pending application to join a database, with the members' votes so far.
 *
 * @param applicant the applying account (the new member's account if admitted)
 * @param nodeKey the applying node's Ed25519 key
 * @param approvals the members who approved, in the order they voted
 * @param rejections the members who rejected, in the order they voted
 */
public record JoinApplication(
    Address applicant, PublicKey nodeKey, List<Address> approvals, List<Address> rejections) {
  /**
   * Checks the parts and copies the lists; nobody votes twice.
   *
   * @param applicant the applying account (the new member's account if admitted)
   * @param nodeKey the applying node's Ed25519 key
   * @param approvals the members who approved, in the order they voted
   * @param rejections the members who rejected, in the order they voted
   */
  public JoinApplication {
    Objects.requireNonNull(applicant, "applicant");
    Objects.requireNonNull(nodeKey, "nodeKey");
    approvals = List.copyOf(approvals);
    rejections = List.copyOf(rejections);
    HashSet<Address> voters = new HashSet<>(approvals);
    voters.addAll(rejections);
    if (voters.size() != approvals.size() + rejections.size()) {
      throw new IllegalArgumentException("a member voted twice");
    }
  }

  /**
   * True if {@code member} has voted on this application.
   *
   * @param member the member's address
   * @return true if it approved or rejected
   */
  public boolean hasVoted(Address member) {
    return approvals.contains(member) || rejections.contains(member);
  }
}

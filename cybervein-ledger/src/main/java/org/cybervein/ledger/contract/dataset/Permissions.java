package org.cybervein.ledger.contract.dataset;

/**
 * The rights the owner set for one account on one data set.
 *
 * @param read may read
 * @param modify may record modifications
 * @param share may give others read permission
 */
public record Permissions(boolean read, boolean modify, boolean share) {
  /** No rights at all. */
  public static final Permissions NONE = new Permissions(false, false, false);

  /**
   * True if this includes {@code permission}.
   *
   * @param permission the right
   * @return true if it is set
   */
  public boolean allows(Permission permission) {
    return switch (permission) {
      case READ -> read;
      case MODIFY -> modify;
      case SHARE -> share;
    };
  }

  /**
   * True if no right is set.
   *
   * @return true if no right is set
   */
  public boolean isNone() {
    return !read && !modify && !share;
  }
}

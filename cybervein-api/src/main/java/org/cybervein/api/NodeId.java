package org.cybervein.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The address of a node on a {@link org.cybervein.api.net.Transport}: what a host routes by.
 *
 * <p>A node id is a name chosen by the host (a host name, a peer id, "replica-0"); it is not a key
 * and proves nothing. Who signed a message is told by its {@link PublicKey}. Node ids sort by their
 * text, which gives replicated code a stable order over nodes.
 *
 * @param value 1 to 128 characters from {@code [A-Za-z0-9._:-]}
 */
public record NodeId(String value) implements Comparable<NodeId> {
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /**
   * Checks the characters and the length of the id.
   *
   * @param value 1 to 128 characters from {@code [A-Za-z0-9._:-]}
   */
  public NodeId {
    Objects.requireNonNull(value, "value");
    if (!ALLOWED.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a node id is 1..128 characters of [A-Za-z0-9._:-], got \"" + value + "\"");
    }
  }

  /**
   * Shorthand for {@code new NodeId(value)}.
   *
   * @param value 1 to 128 characters from {@code [A-Za-z0-9._:-]}
   * @return the node id
   * @throws IllegalArgumentException if {@code value} is empty, too long or has another character
   */
  public static NodeId of(String value) {
    return new NodeId(value);
  }

  // Written out (the record's own values): node ids key the hosts' routing maps, and a record's
  // generated methods, built from method handles, were not always inlined on those paths.
  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId n && value.equals(n.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public int compareTo(NodeId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

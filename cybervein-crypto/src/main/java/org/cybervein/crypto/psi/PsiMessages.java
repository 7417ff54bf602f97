package org.cybervein.crypto.psi;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.cybervein.api.Bytes;
import org.cybervein.api.wire.v1.HeProto;
import org.cybervein.crypto.CanonicalMessage;
import org.cybervein.crypto.InvalidCryptoInputException;
import org.cybervein.crypto.InvalidCryptoInputException.Reason;

/** What both PSI protocols share: id sets, parsing, and the last message (the result). */
final class PsiMessages {
  private PsiMessages() {}

  /** The distinct ids, sorted (unsigned lexicographic), so that no input order leaks. */
  static List<Bytes> distinctSorted(Collection<Bytes> ids) {
    Objects.requireNonNull(ids, "ids");
    TreeSet<Bytes> set = new TreeSet<>();
    for (Bytes id : ids) {
      set.add(Objects.requireNonNull(id, "id"));
    }
    return List.copyOf(set);
  }

  /**
   * Sorts own blinded elements by encoding (unsigned), so that their order tells nothing about the
   * ids; {@code sortedIds} receives the id of each in the same order.
   *
   * @throws IllegalStateException if two ids gave one element (a hash collision)
   */
  static List<Bytes> sortByElement(byte[][] elements, List<Bytes> ids, List<Bytes> sortedIds) {
    Integer[] order = new Integer[elements.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Arrays.compareUnsigned(elements[x], elements[y]));
    List<Bytes> sorted = new ArrayList<>(elements.length);
    for (int k = 0; k < order.length; k++) {
      if (k > 0 && Arrays.equals(elements[order[k - 1]], elements[order[k]])) {
        throw new IllegalStateException("two ids hash to one element: a hash collision?");
      }
      sorted.add(Bytes.of(elements[order[k]]));
      sortedIds.add(ids.get(order[k]));
    }
    return List.copyOf(sorted);
  }

  /** Refuses a message of another group than the party's. */
  static void checkGroup(HeProto.PsiEcdhGroup received, EcdhPsiGroup own)
      throws InvalidCryptoInputException {
    if (received != own.wire()) {
      throw new InvalidCryptoInputException(
          Reason.WRONG_ALGORITHM, "message of PSI group " + received + ", this party runs " + own);
    }
  }

  /** Refuses elements that are not in strictly increasing unsigned order. */
  static void checkSortedDistinct(List<ByteString> elements, String what)
      throws InvalidCryptoInputException {
    Comparator<ByteString> order = ByteString.unsignedLexicographicalComparator();
    for (int i = 1; i < elements.size(); i++) {
      if (order.compare(elements.get(i - 1), elements.get(i)) >= 0) {
        throw new InvalidCryptoInputException(
            Reason.MALFORMED, what + " must be sorted and distinct");
      }
    }
  }

  static void checkMaxPeerSetSize(int maxPeerSetSize) {
    if (maxPeerSetSize < 1) {
      throw new IllegalArgumentException("maxPeerSetSize must be positive");
    }
  }

  static void checkCount(int count, int max, String what) throws InvalidCryptoInputException {
    if (count > max) {
      throw new InvalidCryptoInputException(
          Reason.OVERSIZED, what + " has " + count + " elements, at most " + max + " accepted");
    }
  }

  /**
   * Parses a message of at most {@code maxSize} bytes and {@code maxEntries} repeated entries (a
   * few more fields are allowed for the rest), accepting only its canonical encoding.
   */
  static <T extends Message> T parse(Bytes encoded, long maxSize, long maxEntries, T prototype)
      throws InvalidCryptoInputException {
    return CanonicalMessage.parse(encoded, maxSize, maxEntries + 4, prototype);
  }

  /** The result message: strictly increasing positions into the responder's sorted list. */
  static Bytes encodeResult(List<Integer> positions) {
    return Bytes.of(
        HeProto.PsiResult.newBuilder().addAllResponderPositions(positions).build().toByteArray());
  }

  /**
   * The ids at the positions a result message names, in the order of {@code sortedIds}.
   *
   * @param sortedIds the responder's ids in the order of its sorted blinded list
   */
  static List<Bytes> decodeResult(Bytes encoded, List<Bytes> sortedIds)
      throws InvalidCryptoInputException {
    HeProto.PsiResult message =
        parse(
            encoded,
            16L + 6L * sortedIds.size(),
            sortedIds.size(),
            HeProto.PsiResult.getDefaultInstance());
    List<Bytes> out = new ArrayList<>(message.getResponderPositionsCount());
    long previous = -1;
    for (int position : message.getResponderPositionsList()) {
      long p = Integer.toUnsignedLong(position);
      if (p <= previous || p >= sortedIds.size()) {
        throw new InvalidCryptoInputException(
            Reason.OUT_OF_RANGE, "result positions must increase and stay below the set size");
      }
      out.add(sortedIds.get((int) p));
      previous = p;
    }
    return List.copyOf(out);
  }
}

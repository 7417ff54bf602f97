package org.cybervein.consensus.pbft;

/** One request of one client: its timestamp is unique per client. */
record RequestKey(ClientKey client, long timestamp) {
  static RequestKey of(Request r) {
    return new RequestKey(ClientKey.of(r.client()), r.timestamp());
  }
}

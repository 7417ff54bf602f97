/**
 * The data one party of federated learning holds: {@link org.cybervein.fl.data.PartyDataset}, a
 * table of rows keyed by sample id with that party's feature columns and, for party B only, the
 * label; and {@link org.cybervein.fl.data.CsvDatasets}, which reads such a table from CSV (the
 * layout of FATE's example data: id column first, then the label if any, then features).
 */
package org.cybervein.fl.data;

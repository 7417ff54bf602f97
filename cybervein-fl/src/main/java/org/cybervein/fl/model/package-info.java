/**
 * The models the federated protocols train, without any cryptography: {@link
 * org.cybervein.fl.model.ModelKind} (linear regression, logistic regression with FATE's Taylor
 * approximation of the loss), {@link org.cybervein.fl.model.Hyperparameters}, the plain centralised
 * reference trainer {@link org.cybervein.fl.model.CentralisedTrainer} that computes the
 * whitepaper's V_SUM (the model trained on the pooled data), the metrics {@link
 * org.cybervein.fl.model.Metrics} (AUC, R^2) that compare it with V_FED, and {@link
 * org.cybervein.fl.model.TrainingListener} for progress reports.
 */
package org.cybervein.fl.model;

package io.piccolo.gateway.cli;

/** The artifacts the client tests apply: a speed scenario, its Package and Model. */
final class SpeedWarningArtifacts {
  static final String YAML =
      """
      apiVersion: v1
      kind: Scenario
      metadata:
        name: too-fast
      spec:
        when: {signal: Vehicle.Speed, op: gt, value: 120}
        action: launch
        target: speed-warning
      ---
      apiVersion: v1
      kind: Package
      metadata:
        name: speed-warning
      spec:
        models: [{name: speed-warning, node: HPC}]
      ---
      apiVersion: v1
      kind: Model
      metadata:
        name: speed-warning
      spec:
        containers: [{name: warning, image: localhost/warning:1}]
      """;

  private SpeedWarningArtifacts() {}
}

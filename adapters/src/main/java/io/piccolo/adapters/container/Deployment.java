package io.piccolo.adapters.container;

/** What a container runtime has of one Model at one moment: its containers and their states. */
public interface Deployment {
  /** Whether the runtime has anything of the Model (a pod, containers). */
  boolean present();

  /** Whether everything there came from the plan's document; nothing there counts as the same. */
  boolean sameDocument(PodPlan plan);

  /** Whether every container of the plan runs. */
  boolean allRunning(PodPlan plan);

  boolean anyRunning();
}

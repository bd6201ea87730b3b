package io.piccolo.adapters;

/** How the dispatcher turns an action's target into units of work. */
public enum Targeting {
  /** The target is a Package: one unit per Model it lists, on the node the Package names for it. */
  PACKAGE_MODELS,
  /** The target is a Model: one unit, on its node. */
  MODEL
}

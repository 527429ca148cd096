package io.gef.policy;

/** How a rule acts: {@code ENFORCE} denies on violation, {@code AUDIT} allows and records the violation. */
public enum Mode {
    ENFORCE, AUDIT
}

package io.gef.policy;

/** One rule's verdict: {@code passed}, or why not. */
public record RuleResult(String rule, String type, Mode mode, boolean passed, String reason) {
}

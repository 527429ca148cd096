/**
 * GA4GH Task Execution Service (TES) v1.1 on top of native jobs: a TES task is translated into a job of several
 * containers ({@link io.gef.jobs.StepsRequest}) on the same queue, policy, sandbox and provenance as any job, and a
 * job is shown back as a TES task in the views MINIMAL, BASIC and FULL ({@link io.gef.tes.Tes}). Images named the
 * way TES clients name them ({@code alpine}, {@code ubuntu:22.04}) resolve against the trusted registry and are
 * pinned by digest; an administrator puts them there with {@link io.gef.tes.ImageMirror} from a {@code docker save}
 * tar. Wire names are the specification's (snake_case), hence the record component names.
 */
package io.gef.tes;

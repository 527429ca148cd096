package io.gef.volumes;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.volumes.store.Volume;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /api/volumes} looks for: the caller's own volumes only ({@code onlyMine}, for admins), names
 * containing {@code text} (any case), and who made them. GEF names the volumes it makes itself after their job
 * ({@code job-… output counts}, {@code job-… input text}) or their purpose ({@code inline input text}, the GUI's
 * {@code upload for text}, the CLI's {@code input text: notes.txt}); a person rarely wants those in the way, so the
 * GUI asks for {@link MadeBy#USER}.
 */
public record VolumeSearch(boolean onlyMine, String text, MadeBy madeBy) {
    private static final Pattern BY_JOB = Pattern.compile("^(job-[0-9a-f]+) (output|input) .*");
    /** Staged for a run before the job existed: inline text, the GUI's uploads, the CLI's {@code input X: file}. */
    private static final Pattern FOR_A_RUN = Pattern.compile("^(inline input |upload for |input [^:]{1,200}: ).*");

    /** Who made a volume, judged from its name. */
    public enum MadeBy {
        ALL, USER, GEF;

        public static MadeBy parse(String s) {
            if (s == null || s.isBlank()) {
                return ALL;
            }
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new GefException(ErrorCode.BAD_QUERY, "made must be one of all, user, gef");
            }
        }

        boolean admits(Volume v) {
            return this == ALL || (this == GEF) == VolumeSearch.madeByGef(v.name());
        }
    }

    /** A listed volume with, for one GEF made for a job, that job's id (the GUI groups under it). */
    public record Listed(@JsonUnwrapped Volume volume, boolean madeByGef, String job) {
        static Listed of(Volume v) {
            Matcher m = BY_JOB.matcher(v.name());
            return new Listed(v, VolumeSearch.madeByGef(v.name()), m.matches() ? m.group(1) : null);
        }
    }

    /** One page of matches and how many match in all. */
    public record Found(List<Listed> items, int total) {
    }

    static boolean madeByGef(String name) {
        return BY_JOB.matcher(name).matches() || FOR_A_RUN.matcher(name).matches();
    }

    boolean admits(Volume v) {
        return madeBy.admits(v) && (text == null || text.isBlank()
                || v.name().toLowerCase(Locale.ROOT).contains(text.strip().toLowerCase(Locale.ROOT))
                || v.id().equals(text.strip()));
    }
}

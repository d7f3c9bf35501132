package dev.cfscim.cli;

import java.util.Locale;

/** One finding of {@code cfscim doctor}: how it stands, what was checked, and what was seen. */
record DoctorCheck(Status status, String check, String seen) {

    /** ok: as the engine assumes; warn: works, but look; fail: the engine cannot work as it is. */
    enum Status {
        OK, WARN, FAIL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static DoctorCheck ok(String check, String seen) {
        return new DoctorCheck(Status.OK, check, seen);
    }

    static DoctorCheck warn(String check, String seen) {
        return new DoctorCheck(Status.WARN, check, seen);
    }

    static DoctorCheck fail(String check, String seen) {
        return new DoctorCheck(Status.FAIL, check, seen);
    }

    /** {@code ok    token: accepted}: the status padded so that the checks line up. */
    String line() {
        return String.format(Locale.ROOT, "%-4s  %s: %s", status.label(), check, seen);
    }
}

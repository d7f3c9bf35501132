package dev.cfscim.emulator;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The 32-hex-digit ids Cloudflare gives accounts, users, groups, resource groups and policies. */
final class RandomId {

    private RandomId() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

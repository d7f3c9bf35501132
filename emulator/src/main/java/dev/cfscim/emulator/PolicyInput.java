package dev.cfscim.emulator;

import java.util.List;

/** A policy as an IAM request states it, before the account checks its permission groups and scopes. */
record PolicyInput(String access, List<String> permissionGroupIds, List<String> scopeKeys) {
}

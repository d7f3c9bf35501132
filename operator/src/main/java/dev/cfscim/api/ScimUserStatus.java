package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import lombok.Getter;
import lombok.Setter;

/**
 * Per app, the remote id and state. A user belongs to a handful of apps (one per account), but the
 * list is still capped at {@link #MAX_APPS} so that status stays bounded whatever is declared.
 */
@JsonClassDescription("Where the user stands in each ScimApp's account (its remote id and membership), and its "
        + "conditions.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class ScimUserStatus extends ConditionedStatus {
    public static final int MAX_APPS = 16;

    @JsonPropertyDescription("Per ScimApp that assigns this user: remote id and state (at most 16).")
    private List<AppMembership> apps = new ArrayList<>();

    /** Sets the memberships, sorted by app name and cut to {@link #MAX_APPS}. */
    public void putApps(Collection<AppMembership> memberships) {
        this.apps = memberships.stream()
                .sorted(java.util.Comparator.comparing(AppMembership::app))
                .limit(MAX_APPS)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }
}

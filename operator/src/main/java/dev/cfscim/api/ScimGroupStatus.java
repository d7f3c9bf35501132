package dev.cfscim.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import lombok.Getter;
import lombok.Setter;

/** Members that name no ScimUser: a few names and how many there are, never the whole list. */
@JsonClassDescription("Members that name no ScimUser (a few names and how many), and the group's conditions.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class ScimGroupStatus extends ConditionedStatus {
    public static final int MAX_UNKNOWN_MEMBERS = 5;

    @JsonPropertyDescription("Up to 5 entries of spec.members that name no ScimUser.")
    private List<String> unknownMembers;
    @JsonPropertyDescription("How many entries of spec.members name no ScimUser.")
    private Integer unknownMemberCount;

    /** Records the unknown members: the first {@link #MAX_UNKNOWN_MEMBERS} by name, and the count. */
    public void putUnknownMembers(Collection<String> names) {
        List<String> sorted = names.stream().distinct().sorted().toList();
        this.unknownMemberCount = sorted.size();
        this.unknownMembers = new ArrayList<>(sorted.subList(0, Math.min(MAX_UNKNOWN_MEMBERS, sorted.size())));
    }
}

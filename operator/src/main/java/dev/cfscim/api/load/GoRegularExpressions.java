package dev.cfscim.api.load;

import com.google.re2j.Pattern;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * A CRD's {@code pattern} as the API server reads it: Go's regexp, RE2, found anywhere in the value
 * unless anchored. RE2 runs in time linear in the value, where java.util.regex recurses per
 * repetition: a 100,000-character duration in a hostile spec overflowed the stack of the schema
 * check before its maxLength was looked at (HostileSpecsTest).
 */
final class GoRegularExpressions implements RegularExpressionFactory {
    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return value -> pattern.matcher(value).find();
    }
}

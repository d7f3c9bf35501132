package dev.cfscim.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of {@code cfscim}, as a user's shell would see it: exit code, stdout, stderr. */
record CfscimRun(int exit, String out, String err) {

    static CfscimRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cfscim.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CfscimRun(exit, out.toString(), err.toString());
    }
}

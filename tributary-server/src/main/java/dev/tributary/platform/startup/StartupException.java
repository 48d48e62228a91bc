package dev.tributary.platform.startup;

/**
 * A failed start that the operator fixes in the environment: what is wrong (the problem) and what
 * to change (the action, naming the variable), reported together as one line.
 */
public abstract class StartupException extends RuntimeException {

    private final String problem;
    private final String action;

    protected StartupException(String problem, String action, Throwable cause) {
        // The whole sentence as the message too, for wherever the exception is shown unanalyzed.
        super(problem + ": " + action, cause);
        this.problem = problem;
        this.action = action;
    }

    /** What is wrong: "Port 8099 is already in use". */
    public String problem() {
        return problem;
    }

    /** What to change, naming the environment variable: "set TRIBUTARY_X to ...". */
    public String action() {
        return action;
    }
}

package kafkasim.simulation.cli;

/** Input the user must fix (a flag, a file, a folder): exit code 2, message names the flag or field. */
public class BadInputException extends Exception {
    public BadInputException(String message) {
        super(message);
    }
}

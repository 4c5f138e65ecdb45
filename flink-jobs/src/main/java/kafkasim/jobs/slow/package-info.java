/** The slow path, "file server": gzip JSON-lines part files, exactly-once with checkpoints. */
package kafkasim.jobs.slow;

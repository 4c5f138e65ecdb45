/** The medium path, "database": flattened rows, batched idempotent inserts into PostgreSQL. */
package kafkasim.jobs.medium;

/** The consumers of kafkasim as Flink jobs: fast, medium and slow paths, and the aggregation job. */
package kafkasim.jobs;

/**
 * Model-based proposals (issue 14): BOHB's configuration model as a pure function of observations,
 * a space, a direction and a seeded generator. No files, processes, clocks or command line here;
 * the workflow step that reads results and writes proposals wraps it.
 */
package hbgen.model;

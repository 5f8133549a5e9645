/** Leasing jobs from the controllers and running them: the handler contract and the runner. */
package io.zkdr.agent.job;

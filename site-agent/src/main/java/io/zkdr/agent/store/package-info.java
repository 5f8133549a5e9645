/** The blob stores of every region, opened once per agent. */
package io.zkdr.agent.store;

package keystorm.workloads.sim;

import java.util.List;

/**
 * Prints the history hash of each of {@link SimCrossProcessTest#CELLS}, one line each, in a JVM of
 * its own. The argument shifts the identity hash codes the JVM hands out (by asking for that many
 * first), so a run whose history depended on one (an enum in a hash set, say) would print another
 * hash.
 */
public final class SimHashMain {
    private SimHashMain() {
    }

    public static void main(String[] args) throws Exception {
        int shift = Integer.parseInt(args[0]);
        long sink = 0;
        for (int i = 0; i < shift; i++) {
            sink += new Object().hashCode();
        }
        hashes().forEach(System.out::println);
        if (sink == 42) {
            System.err.println("(the sink keeps the loop)");
        }
    }

    static List<String> hashes() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (SimSpec spec : SimCrossProcessTest.CELLS) {
            out.add(Simulation.run(spec).historySha256());
        }
        return out;
    }
}

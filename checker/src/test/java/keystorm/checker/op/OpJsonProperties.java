package keystorm.checker.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.LongNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Every payload survives the codec: encoded as a completed line and decoded by its family, it is itself. */
class OpJsonProperties {
    record Case(OpJson.Family family, Payload payload) {
    }

    @Property(tries = 500)
    void everyPayloadRoundTrips(@ForAll("cases") Case c, @ForAll boolean keyed) {
        Payload payload = keyed ? new Payload.Keyed("k" + c.payload().hashCode() % 7, c.payload()) : c.payload();
        OpJson.Encoded encoded = OpJson.encode(payload);
        assertThat(OpJson.decode(c.family(), keyed, encoded.f(), encoded.value(), true)).isEqualTo(payload);
    }

    @Test
    void readsOfAnInvocationAreUnknown() {
        OpJson.Encoded read = OpJson.encode(new RegisterOp.Read(LongNode.valueOf(3)));
        assertThat(OpJson.decode(OpJson.Family.REGISTER, false, read.f(), read.value(), false))
                .isEqualTo(new RegisterOp.Read(null));
        assertThat(read).isEqualTo(new OpJson.Encoded("read", LongNode.valueOf(3)));
    }

    @Test
    void aLineTheFamilyDoesNotKnowIsRefusedWithWhatItKnows() {
        assertThatThrownBy(() -> OpJson.decode(OpJson.Family.SET, false, "cas", LongNode.valueOf(1), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a set knows add and read, not cas");
        assertThatThrownBy(() -> OpJson.decode(OpJson.Family.REGISTER, true, "read", LongNode.valueOf(1), true))
                .hasMessageContaining("[key value] tuples");
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Long> n = Arbitraries.longs().between(-1_000, 1_000);
        Arbitrary<String> account = Arbitraries.of("a", "b", "c", "d");
        Arbitrary<Case> register = Arbitraries.oneOf(
                n.map(v -> new RegisterOp.Read(LongNode.valueOf(v))),
                n.map(v -> new RegisterOp.Write(LongNode.valueOf(v))),
                Combinators.combine(n, n, Arbitraries.of(true, false))
                        .as((a, b, failed) -> new RegisterOp.Cas(LongNode.valueOf(a), LongNode.valueOf(b), failed)))
                .map(p -> new Case(OpJson.Family.REGISTER, p));
        Arbitrary<Case> set = Arbitraries.oneOf(n.map(SetOp.Add::new), n.set().ofMaxSize(6).map(SetOp.Read::new))
                .map(p -> new Case(OpJson.Family.SET, p));
        Arbitrary<Case> counter = Arbitraries.oneOf(n.map(CounterOp.Add::new), n.map(CounterOp.Read::new))
                .map(p -> new Case(OpJson.Family.COUNTER, p));
        Arbitrary<Case> bank = Arbitraries.oneOf(
                Combinators.combine(account, account, Arbitraries.longs().between(1, 50)).filter((a, b, x) -> !a.equals(b))
                        .as(BankOp.Transfer::new),
                Combinators.combine(Arbitraries.of(BankOp.ReadKind.class), Arbitraries.maps(account, n).ofMaxSize(4))
                        .as(BankOp.Read::new))
                .map(p -> new Case(OpJson.Family.BANK, p));
        Arbitrary<MicroOp> append = Combinators.combine(account, n).as((k, v) -> new MicroOp.Append(k, LongNode.valueOf(v)));
        Arbitrary<MicroOp> readList = Combinators.combine(account, n.list().ofMaxSize(4))
                .as((k, vs) -> new MicroOp.ReadList(k, vs.stream().map(v -> (com.fasterxml.jackson.databind.JsonNode) LongNode.valueOf(v)).toList()));
        Arbitrary<MicroOp> write = Combinators.combine(account, n).as((k, v) -> new MicroOp.Write(k, LongNode.valueOf(v)));
        Arbitrary<MicroOp> readRegister = Combinators.combine(account, n).as((k, v) -> new MicroOp.ReadRegister(k, LongNode.valueOf(v)));
        Arbitrary<Case> listAppend = Arbitraries.oneOf(append, readList).list().ofMinSize(1).ofMaxSize(4)
                .map(ops -> new Case(OpJson.Family.LIST_APPEND, new TxnOp(TxnOp.Kind.LIST_APPEND, ops)));
        Arbitrary<Case> rwRegister = Arbitraries.oneOf(write, readRegister).list().ofMinSize(1).ofMaxSize(4)
                .map(ops -> new Case(OpJson.Family.RW_REGISTER, new TxnOp(TxnOp.Kind.RW_REGISTER, ops)));
        Arbitrary<Case> idempotency = Arbitraries.oneOf(
                Combinators.combine(account, n, Arbitraries.integers().between(1, 5)).as(IdempotencyOp.Submit::new),
                Combinators.combine(account, n, Arbitraries.of(true, false)).as(IdempotencyOp.Mismatch::new),
                n.list().ofMaxSize(5).map(IdempotencyOp.Read::new))
                .map(p -> new Case(OpJson.Family.IDEMPOTENCY, p));
        Arbitrary<String> text = Arbitraries.strings().alpha().ofMaxLength(5);
        Arbitrary<Case> kv = Arbitraries.oneOf(text.map(KvOp.Get::new), text.map(KvOp.Put::new), text.map(KvOp.Append::new))
                .map(p -> new Case(OpJson.Family.KV, p));
        Arbitrary<com.fasterxml.jackson.databind.JsonNode> item = Arbitraries.oneOf(
                n.map(v -> (com.fasterxml.jackson.databind.JsonNode) LongNode.valueOf(v)),
                Arbitraries.just(com.fasterxml.jackson.databind.node.NullNode.getInstance()));
        Arbitrary<Case> items = Arbitraries.oneOf(item.map(ItemOp.Read::new), n.map(v -> new ItemOp.Put(LongNode.valueOf(v))),
                Combinators.combine(item, n).as((expected, v) -> new ItemOp.PutIf(expected, LongNode.valueOf(v))),
                Arbitraries.just(new ItemOp.Delete()), item.map(ItemOp.DeleteIf::new))
                .map(p -> new Case(OpJson.Family.ITEM, p));
        Arbitrary<Case> multiRegister = Arbitraries.oneOf(write, readRegister).list().ofMinSize(1).ofMaxSize(4)
                .map(ops -> new Case(OpJson.Family.MULTI_REGISTER, new MultiRegisterOp(ops)));
        Arbitrary<Case> list = Arbitraries.oneOf(n.map(v -> new ListOp.Append(LongNode.valueOf(v))),
                        n.list().ofMaxSize(5).map(vs -> new ListOp.Read(vs.stream()
                                .map(v -> (com.fasterxml.jackson.databind.JsonNode) LongNode.valueOf(v)).toList())))
                .map(p -> new Case(OpJson.Family.LIST, p));
        return Arbitraries.oneOf(register, set, counter, bank, listAppend, rwRegister, idempotency, kv, items, multiRegister,
                list);
    }

    @Test
    void encodingsAreWhatKnossosAndPorcupineWrite() {
        assertThat(OpJson.encode(new MultiRegisterOp(List.of(new MicroOp.Write("x", LongNode.valueOf(1)),
                new MicroOp.ReadRegister("y", null)))).value().toString()).isEqualTo("[[\"write\",\"x\",1],[\"read\",\"y\",null]]");
        assertThat(OpJson.encode(new Payload.Keyed("k", new KvOp.Append("ab")))).isEqualTo(
                new OpJson.Encoded("append", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add("k").add("ab")));
        assertThat(OpJson.encode(new ItemOp.PutIf(com.fasterxml.jackson.databind.node.NullNode.getInstance(), LongNode.valueOf(2)))
                .value().toString()).isEqualTo("[null,2]");
        assertThat(OpJson.decode(OpJson.Family.KV, false, "get", com.fasterxml.jackson.databind.node.NullNode.getInstance(), true))
                .isEqualTo(new KvOp.Get("")); // Porcupine: missing reads as ""
        assertThat(OpJson.decode(OpJson.Family.LIST, false, "r", com.fasterxml.jackson.databind.node.NullNode.getInstance(), true))
                .isEqualTo(new ListOp.Read(List.of()));
        assertThatThrownBy(() -> OpJson.decode(OpJson.Family.ITEM, false, "put-if", LongNode.valueOf(1), false))
                .hasMessage("put-if takes [expected value], not 1");
    }

    @Test
    void encodingsAreWhatJepsenWrites() {
        assertThat(OpJson.encode(new RegisterOp.Cas(LongNode.valueOf(1), LongNode.valueOf(2))).value().toString()).isEqualTo("[1,2]");
        assertThat(OpJson.encode(new BankOp.Read(BankOp.ReadKind.TRANSACTIONAL, Map.of("b", 2L, "a", 1L))).value().toString())
                .isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(OpJson.encode(new SetOp.Read(Set.of(3L, 1L))).value().toString()).isEqualTo("[1,3]");
        assertThat(OpJson.encode(new TxnOp(TxnOp.Kind.LIST_APPEND, List.of(new MicroOp.Append("x", LongNode.valueOf(1)),
                new MicroOp.ReadList("y", null)))).value().toString()).isEqualTo("[[\"append\",\"x\",1],[\"r\",\"y\",null]]");
    }
}

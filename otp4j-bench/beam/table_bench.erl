%% The BEAM side of otp4j's table benchmarks: the same workloads as TableBenchmark
%% (otp4j-bench/src/main/java/io/otp4j/bench), on ETS.
%%
%% A public set and a public ordered_set each hold 100,000 integer keys with the value 0. Config "plain" creates
%% them with ETS's defaults; "concurrent" with {read_concurrency, true} and {write_concurrency, true}, ETS's
%% settings for tables many processes read and write (run-table runs both and shows both). Every operation takes the
%% next key of a random sequence of 65,536 keys; each worker process starts at its own place in it. Workloads:
%% lookup (ets:lookup/2), insert replacing a present key's value (ets:insert/2), and a counter update with a
%% default (ets:update_counter/4), with 1 and 2 worker processes.
%%
%% Timing as in genserver_bench.erl: a driver hands each worker a batch of 100,000 operations and waits for all;
%% batches repeat for 1 s an iteration; 4 warm-up and 5 measured iterations. Output:
%%   ITER <workload> <value> ops/s
%%   RESULT <workload> <median> ops/s
%% with workloads named <set|ordered>_<lookup|insert|counter>_t<workers>.
%%
%% Run (otp4j-bench/run-table does it):
%%   erlc -o DIR otp4j-bench/beam/table_bench.erl
%%   erl -noshell -pa DIR -run table_bench main [Workers [Config]]
%% Workers: comma-separated worker counts (default 1,2); Config: plain (default) or concurrent.
-module(table_bench).

-export([main/1]).

-define(KEYS, 100000).
-define(SEQUENCE, 65536).
-define(BATCH, 100000).
-define(WARMUP, 4).
-define(MEASURE, 5).
-define(SECOND, 1000000000).

main(Args) ->
    {Workers, Config} = case Args of
                            [] -> {"1,2", "plain"};
                            [W] -> {W, "plain"};
                            [W, C | _] -> {W, C}
                        end,
    Options = case Config of
                  "plain" -> [];
                  "concurrent" -> [{read_concurrency, true}, {write_concurrency, true}]
              end,
    io:format("# OTP ~s, erts ~s, ~b schedulers online, ETS options ~p~n",
              [erlang:system_info(otp_release), erlang:system_info(version),
               erlang:system_info(schedulers_online), Options]),
    rand:seed(exsss, {42, 42, 42}),
    Sequence = list_to_tuple([rand:uniform(?KEYS) - 1 || _ <- lists:seq(1, ?SEQUENCE)]),
    Counts = [list_to_integer(N) || N <- string:split(Workers, ",", all)],
    [kind(Kind, Options, Prefix, Sequence, Counts) || {Kind, Prefix} <- [{set, "set"}, {ordered_set, "ordered"}]],
    halt(0).

kind(Kind, Options, Prefix, Sequence, Workers) ->
    Table = ets:new(bench, [Kind, public | Options]),
    ets:insert(Table, [{K, 0} || K <- lists:seq(0, ?KEYS - 1)]),
    [workload(Prefix, Op, Table, Sequence, N) || Op <- [lookup, insert, counter], N <- Workers],
    ets:delete(Table).

workload(Prefix, Op, Table, Sequence, N) ->
    Name = Prefix ++ "_" ++ atom_to_list(Op) ++ "_t" ++ integer_to_list(N),
    Clients = [client(Op, Table, Sequence, 1 + (I * (?SEQUENCE div 7)) rem ?SEQUENCE)
               || I <- lists:seq(0, N - 1)],
    samples(Name, fun() -> ?SECOND / iteration(fun() -> batch(Clients) end, N * ?BATCH) end),
    [exit(C, kill) || C <- Clients],
    ok.

%% A worker: on {go, Driver} runs a batch from where its last one stopped and answers {done, self()}.
client(Op, Table, Sequence, Start) ->
    spawn(fun() -> client_loop(Op, Table, Sequence, Start) end).

client_loop(Op, Table, Sequence, Index) ->
    receive
        {go, Driver} ->
            Next = ops(Op, Table, Sequence, Index, ?BATCH),
            Driver ! {done, self()},
            client_loop(Op, Table, Sequence, Next)
    end.

ops(_Op, _Table, _Sequence, Index, 0) ->
    Index;
ops(lookup, Table, Sequence, Index, N) ->
    _ = ets:lookup(Table, element(Index, Sequence)),
    ops(lookup, Table, Sequence, next(Index), N - 1);
ops(insert, Table, Sequence, Index, N) ->
    true = ets:insert(Table, {element(Index, Sequence), 1}),
    ops(insert, Table, Sequence, next(Index), N - 1);
ops(counter, Table, Sequence, Index, N) ->
    Key = element(Index, Sequence),
    _ = ets:update_counter(Table, Key, 1, {Key, 0}),
    ops(counter, Table, Sequence, next(Index), N - 1).

next(?SEQUENCE) -> 1;
next(Index) -> Index + 1.

batch(Clients) ->
    T0 = nanos(),
    [C ! {go, self()} || C <- Clients],
    [receive {done, C} -> ok end || C <- Clients],
    nanos() - T0.

nanos() -> erlang:monotonic_time(nanosecond).

%% One iteration: batches for at least 1 s of wall time; {return ns per operation}.
iteration(Batch, Ops) ->
    iteration(Batch, Ops, nanos(), 0, 0).

iteration(Batch, Ops, Start, Counted, Done) ->
    C = Counted + Batch(),
    D = Done + Ops,
    case nanos() - Start >= ?SECOND of
        true -> C / D;
        false -> iteration(Batch, Ops, Start, C, D)
    end.

samples(Name, Iteration) ->
    [Iteration() || _ <- lists:seq(1, ?WARMUP)],
    Values = [begin
                  V = Iteration(),
                  io:format("ITER ~s ~.1f ops/s~n", [Name, float(V)]),
                  V
              end || _ <- lists:seq(1, ?MEASURE)],
    io:format("RESULT ~s ~.1f ops/s~n", [Name, median(Values)]).

median(Values) ->
    Sorted = lists:sort(Values),
    lists:nth(length(Sorted) div 2 + 1, Sorted).

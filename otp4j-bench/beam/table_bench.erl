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
%% Timing is genserver_bench.erl's harness (compile both): a driver hands each worker a batch of 100,000
%% operations, from the worker's own place in the sequence, and waits for all; batches repeat for 1 s an
%% iteration; 4 warm-up and 5 measured iterations. Output:
%%   ITER <workload> <value> ops/s
%%   RESULT <workload> <median> ops/s
%% with workloads named <set|ordered>_<lookup|insert|counter>_t<workers>.
%%
%% Run (otp4j-bench/run-table does it):
%%   erlc -o DIR otp4j-bench/beam/genserver_bench.erl otp4j-bench/beam/table_bench.erl
%%   erl -noshell -pa DIR -run table_bench main [Workers [Config]]
%% Workers: comma-separated worker counts (default 1,2); Config: plain (default) or concurrent.
-module(table_bench).

-export([main/1]).

-define(KEYS, 100000).
-define(SEQUENCE, 65536).
-define(BATCH, 100000).

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
    Name = list_to_atom(Prefix ++ "_" ++ atom_to_list(Op) ++ "_t" ++ integer_to_list(N)),
    Clients = [genserver_bench:client(
                 fun() -> ops(Op, Table, Sequence, 1 + (I * (?SEQUENCE div 7)) rem ?SEQUENCE, ?BATCH) end)
               || I <- lists:seq(0, N - 1)],
    genserver_bench:throughput(Name, N * ?BATCH, fun() -> genserver_bench:batch(Clients) end),
    [exit(C, kill) || C <- Clients],
    ok.

ops(_Op, _Table, _Sequence, _Index, 0) ->
    ok;
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

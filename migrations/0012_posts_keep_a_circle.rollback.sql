drop trigger post_circles_keep_one on public.post_circles;
drop function kithdb.post_circles_keep_one();

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';

drop function public.export_my_data();
drop function kithdb.export_my_data();

-- PostgREST: reload the schema cache so the API shows this change at once.
notify pgrst, 'reload schema';

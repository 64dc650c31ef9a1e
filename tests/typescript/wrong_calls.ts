// Calls the types must refuse: tests/test_types.py compiles this with tsc --strict and requires
// exactly the error named at the end of each marked line, there and nowhere else.
import { createClient } from '@supabase/supabase-js'
import type { Database } from './database.types'

const supabase = createClient<Database>('http://localhost:54321', 'anon-key')

export async function wrong(groupId: string, circleId: string): Promise<unknown> {
  const approved = await supabase.rpc('approve_like_group', { group_id: groupId })  // TS2561
  const read = await supabase.from('notification').select('*')  // TS2769
  const count = await supabase.rpc('unread_notifications_count')  // TS2345
  const member = await supabase.rpc('invite_to_circle', { p_circle_id: circleId })  // TS2345
  const feed = await supabase.rpc('home_feed', { p_limit: '20' })  // TS2322
  return [approved, read, count, member, feed]
}

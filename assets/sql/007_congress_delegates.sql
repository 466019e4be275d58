-- 007_congress_delegates: the 八必访 kind of union congress delegates reads
-- 工会代表, as the circulars write it (it read 职代会代表, the delegates of
-- an enterprise's workers' congress - a narrower body). The code and its
-- bit stay: logs and bundles keep meaning the same kind.
UPDATE categories SET label_zh = '工会代表', label_en = 'Union congress delegates'
 WHERE kind = 'worker_kind' AND code = 'congress_delegate';

import { byColumn } from '../common/loaders';
import { User } from './user.entity';

export const userById = byColumn(User);
